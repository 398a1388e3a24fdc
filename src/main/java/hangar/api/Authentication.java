package hangar.api;

import hangar.lab.Caller;
import hangar.store.TokenStore;
import hangar.store.WebSessionStore;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Finds whom a request acts as, before any route runs: a bearer token (the CLI, scripts), or a web
 * session cookie, whose state-changing requests must also carry the session's CSRF token. Requests
 * without either may only read, and only where {@code [SERVER] anonymous_read} (or {@code
 * metrics_anonymous} for {@code /metrics}) opens reads.
 */
final class Authentication {
  /** The cookie a web session lives in. */
  static final String SESSION_COOKIE = "hangar_session";

  /** The header (or form field {@code csrf}) that state-changing browser requests carry. */
  static final String CSRF_HEADER = "X-CSRF-Token";

  private static final String CALLER = "hangar.caller";
  private static final Set<HandlerType> READS =
      Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

  private final TokenStore tokens;
  private final WebSessionStore sessions;
  private final Openness openness;

  /**
   * Which reads need no login.
   *
   * @param anonymousRead every read: the API, results and metrics
   * @param metricsAnonymous {@code /metrics} alone, for a Prometheus without a token
   */
  record Openness(boolean anonymousRead, boolean metricsAnonymous) {
    /** The default: every read needs a token or a session. */
    static final Openness CLOSED = new Openness(false, false);
  }

  Authentication(TokenStore tokens, WebSessionStore sessions, Openness openness) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.openness = openness;
  }

  /** The before-handler: sets the caller, or refuses the request with 401 or 403. */
  void check(Context ctx) {
    if (isOpen(ctx)) {
      return;
    }
    Optional<Caller> caller = fromToken(ctx);
    if (caller.isEmpty()) {
      caller = fromSession(ctx);
    }
    if (caller.isPresent()) {
      ctx.attribute(CALLER, caller.get());
      return;
    }
    boolean read = READS.contains(ctx.method());
    if (read && (openness.anonymousRead() || isMetrics(ctx) && openness.metricsAnonymous())) {
      return;
    }
    throw new UnauthorizedException(
        (read ? "reading " : "changing ")
            + ctx.path()
            + " needs a login: pass --token TOKEN, set HANGAR_TOKEN, run 'hangar login', or run"
            + " the CLI where the server's data directory (admin.token) is");
  }

  /**
   * The caller the before-handler found.
   *
   * @throws UnauthorizedException for an anonymous reader, where a route needs a user
   */
  static Caller caller(Context ctx) {
    Caller caller = ctx.attribute(CALLER);
    if (caller == null) {
      throw new UnauthorizedException(
          ctx.path()
              + " needs a login: pass --token TOKEN, set HANGAR_TOKEN or run 'hangar login'");
    }
    return caller;
  }

  /** The caller, or empty for an anonymous reader. */
  static Optional<Caller> callerIfAny(Context ctx) {
    return Optional.ofNullable(ctx.attribute(CALLER));
  }

  private Optional<Caller> fromToken(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null) {
      return Optional.empty();
    }
    if (!header.startsWith("Bearer ")) {
      throw new UnauthorizedException(
          "the Authorization header must be 'Bearer TOKEN'; other schemes are not taken");
    }
    Optional<Caller> caller = tokens.authenticate(header.substring("Bearer ".length()).strip());
    if (caller.isEmpty()) {
      throw new UnauthorizedException(
          "the token is not valid: unknown, revoked or expired; make a new one with 'hangar"
              + " login' or ask an admin for 'hangar token create --user LOGIN'");
    }
    return caller;
  }

  private Optional<Caller> fromSession(Context ctx) {
    String cookie = ctx.cookie(SESSION_COOKIE);
    if (cookie == null) {
      return Optional.empty();
    }
    Optional<WebSessionStore.WebSession> session = sessions.find(cookie);
    if (session.isEmpty()) {
      return Optional.empty();
    }
    if (!READS.contains(ctx.method()) && !carriesCsrf(ctx, session.get().csrfToken())) {
      throw new CsrfException(
          "this request changes the lab from a web session but carries no valid CSRF token; reload"
              + " the page and try again");
    }
    return Optional.of(session.get().caller());
  }

  private static boolean carriesCsrf(Context ctx, String expected) {
    String given = ctx.header(CSRF_HEADER);
    if (given == null && isForm(ctx)) {
      given = ctx.formParam("csrf");
    }
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isForm(Context ctx) {
    String type = ctx.contentType();
    return type != null
        && (type.startsWith("application/x-www-form-urlencoded")
            || type.startsWith("multipart/form-data"));
  }

  /** Paths that authenticate on their own or must work before a login. */
  private static boolean isOpen(Context ctx) {
    String path = ctx.path();
    return path.equals(LoginRoutes.LOGIN)
        || path.equals(LoginRoutes.LOGOUT)
        || path.equals(LOGIN_PAGE) && READS.contains(ctx.method())
        || path.startsWith("/static/")
        || path.startsWith("/webjars/")
        || (path.startsWith("/api/v1/workers/") && path.endsWith("/link"));
  }

  /** The web page that logs a browser in. */
  static final String LOGIN_PAGE = "/login";

  /**
   * Whether the request is a browser asking for a web page: an anonymous one is sent to the login
   * page rather than answered 401.
   */
  static boolean isPage(Context ctx) {
    String path = ctx.path();
    return READS.contains(ctx.method())
        && !path.startsWith("/api/")
        && !path.startsWith("/results")
        && !path.equals("/metrics");
  }

  private static boolean isMetrics(Context ctx) {
    return ctx.path().equals("/metrics");
  }

  /** A browser request that changes the lab without its session's CSRF token: 403. */
  static final class CsrfException extends hangar.store.ForbiddenException {
    private static final long serialVersionUID = 1L;

    CsrfException(String message) {
      super(message);
    }
  }
}
