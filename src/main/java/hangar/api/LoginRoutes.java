package hangar.api;

import hangar.lab.Caller;
import hangar.lab.User;
import hangar.store.TokenStore;
import hangar.store.UserStore;
import hangar.store.WebSessionStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging in with a password: {@code POST /api/v1/login} opens a web session (an HttpOnly,
 * SameSite=Lax cookie, Secure over TLS) or, for {@code hangar login}, makes an API token; {@code
 * POST /api/v1/logout} ends the session; {@code GET /api/v1/whoami} says whom a request acts as.
 * Five failed logins in a row lock a user out, for 30 seconds and then twice as long after each
 * further failure, up to 15 minutes.
 */
final class LoginRoutes {
  static final String LOGIN = "/api/v1/login";
  static final String LOGOUT = "/api/v1/logout";

  /** Failures in a row that a user is allowed before a lock-out. */
  static final int FREE_FAILURES = 5;

  /** The first lock-out; each further failure doubles it. */
  static final Duration FIRST_LOCKOUT = Duration.ofSeconds(30);

  /** The longest lock-out. */
  static final Duration MAX_LOCKOUT = Duration.ofMinutes(15);

  private static final Logger LOG = LoggerFactory.getLogger(LoginRoutes.class);

  private final UserStore users;
  private final TokenStore tokens;
  private final WebSessionStore sessions;
  private final Clock clock;

  LoginRoutes(UserStore users, TokenStore tokens, WebSessionStore sessions, Clock clock) {
    this.users = users;
    this.tokens = tokens;
    this.sessions = sessions;
    this.clock = clock;
  }

  void install(RoutesConfig routes) {
    routes.post(LOGIN, this::login);
    routes.post(LOGOUT, this::logout);
    routes.get("/api/v1/whoami", this::whoami);
  }

  private void login(Context ctx) {
    AccessJson.LoginRequest body = loginRequest(ctx);
    String login = body.login() == null ? "" : body.login();
    Optional<User> user = users.find(login);
    Instant now = clock.instant();
    if (user.isPresent()
        && user.get().lockedUntil() != null
        && now.isBefore(user.get().lockedUntil())) {
      throw new TooManyRequestsException(
          "too many failed logins for "
              + login
              + "; try again after "
              + user.get().lockedUntil()
              + " or ask an admin to set a new password");
    }
    boolean good =
        Passwords.matches(
            body.password(), user.isPresent() ? users.passwordHash(login).orElse(null) : null);
    if (!good) {
      int failures = users.recordFailedLogin(login, n -> lockedUntil(now, n));
      LOG.warn("failed web login for '{}' from {} ({} in a row)", login, ctx.ip(), failures);
      throw new UnauthorizedException(
          "login or password is wrong (a user without a password sets one with 'hangar user"
              + " passwd')");
    }
    users.clearFailedLogins(login);
    LOG.info("{} logged in from {}", login, ctx.ip());
    if (Boolean.TRUE.equals(body.token())) {
      TokenStore.Created created =
          tokens.create(
              login,
              body.tokenName() == null ? "hangar login" : body.tokenName(),
              TokenRoutes.lifetime(body.expiresDays()));
      ctx.status(201)
          .json(
              new AccessJson.WhoAmI(
                  login,
                  user.get().admin(),
                  "token",
                  null,
                  created.token().expiresOn(),
                  created.value()));
      return;
    }
    WebSessionStore.Opened opened = sessions.open(login, WebSessionStore.DEFAULT_LIFETIME);
    Cookie cookie = new Cookie(Authentication.SESSION_COOKIE, opened.cookie());
    cookie.setHttpOnly(true);
    cookie.setSameSite(SameSite.LAX);
    // Behind a proxy that ends TLS the request itself is plain; a forged header only keeps the
    // cookie off plain HTTP, which is safe, so the proxy's word is taken for it.
    cookie.setSecure(
        ctx.req().isSecure() || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto")));
    cookie.setPath("/");
    cookie.setMaxAge((int) WebSessionStore.DEFAULT_LIFETIME.toSeconds());
    ctx.cookie(cookie);
    ctx.json(
        new AccessJson.WhoAmI(
            login,
            opened.session().caller().admin(),
            "session",
            opened.session().csrfToken(),
            opened.session().expiresOn(),
            null));
  }

  private static AccessJson.LoginRequest loginRequest(Context ctx) {
    String type = ctx.contentType();
    if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
      return new AccessJson.LoginRequest(
          ctx.formParam("login"), ctx.formParam("password"), false, null, null);
    }
    return ctx.bodyAsClass(AccessJson.LoginRequest.class);
  }

  /** When a user with {@code failures} failed logins in a row may try again, or null for now. */
  static Instant lockedUntil(Instant now, int failures) {
    if (failures < FREE_FAILURES) {
      return null;
    }
    int doublings = Math.min(failures - FREE_FAILURES, 10);
    Duration lock = FIRST_LOCKOUT.multipliedBy(1L << doublings);
    return now.plus(lock.compareTo(MAX_LOCKOUT) > 0 ? MAX_LOCKOUT : lock);
  }

  private void logout(Context ctx) {
    sessions.close(ctx.cookie(Authentication.SESSION_COOKIE));
    ctx.removeCookie(Authentication.SESSION_COOKIE, "/");
    ctx.status(204);
  }

  private void whoami(Context ctx) {
    Optional<Caller> caller = Authentication.callerIfAny(ctx);
    if (caller.isEmpty()) {
      ctx.json(new AccessJson.WhoAmI(null, null, "anonymous", null, null, null));
      return;
    }
    String cookie = ctx.cookie(Authentication.SESSION_COOKIE);
    Optional<WebSessionStore.WebSession> session =
        ctx.header("Authorization") == null ? sessions.find(cookie) : Optional.empty();
    ctx.json(
        new AccessJson.WhoAmI(
            caller.get().login(),
            caller.get().admin(),
            session.isPresent() ? "session" : "token",
            session.map(WebSessionStore.WebSession::csrfToken).orElse(null),
            session.map(WebSessionStore.WebSession::expiresOn).orElse(null),
            null));
  }

  /** Too many failed logins: 429. */
  static final class TooManyRequestsException extends hangar.HangarException {
    private static final long serialVersionUID = 1L;

    TooManyRequestsException(String message) {
      super(message);
    }
  }
}
