package hangar.api;

import hangar.lab.ApiToken;
import hangar.lab.Caller;
import hangar.store.TokenStore;
import hangar.store.UserStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/tokens}: a user makes, lists and revokes its own API tokens; admins anyone's. A
 * token's value is in the answer to its creation only.
 */
final class TokenRoutes {
  /** The longest lifetime a token can be given. */
  static final int MAX_DAYS = 3650;

  private static final Logger LOG = LoggerFactory.getLogger(TokenRoutes.class);
  private static final String TOKENS = "/api/v1/tokens";

  private final TokenStore tokens;
  private final UserStore users;

  TokenRoutes(TokenStore tokens, UserStore users) {
    this.tokens = tokens;
    this.users = users;
  }

  void install(RoutesConfig routes) {
    routes.get(TOKENS, this::list);
    routes.post(TOKENS, this::create);
    routes.delete(TOKENS + "/current", this::revokeCurrent);
    routes.delete(TOKENS + "/{id}", this::revoke);
  }

  /**
   * A lifetime in days, or null for ever.
   *
   * @throws IllegalArgumentException outside 1 to {@value #MAX_DAYS}
   */
  static Duration lifetime(Integer days) {
    if (days == null) {
      return null;
    }
    if (days < 1 || days > MAX_DAYS) {
      throw new IllegalArgumentException(
          "expires_days must be 1 to " + MAX_DAYS + ", was " + days + "; leave it out for never");
    }
    return Duration.ofDays(days);
  }

  private void list(Context ctx) {
    Caller caller = Authentication.caller(ctx);
    String user = ctx.queryParam("user");
    if (user == null && !caller.admin()) {
      user = caller.login();
    }
    if (user != null) {
      AccessRules.requireSelf(caller, user, "list the tokens");
    }
    ctx.json(tokens.list(user).stream().map(AccessJson.TokenJson::of).toList());
  }

  private void create(Context ctx) {
    Caller caller = Authentication.caller(ctx);
    AccessJson.NewToken body = ctx.bodyAsClass(AccessJson.NewToken.class);
    String user = body.user() == null ? caller.login() : body.user();
    AccessRules.requireSelf(caller, user, "make tokens");
    users.get(user);
    TokenStore.Created created =
        tokens.create(
            user, body.name() == null ? "api" : body.name(), lifetime(body.expiresDays()));
    LOG.info(
        "token {} ({}) made for {} by {}",
        created.token().id(),
        created.token().name(),
        user,
        caller.login());
    ctx.status(201)
        .json(
            new AccessJson.CreatedTokenJson(
                created.value(), AccessJson.TokenJson.of(created.token())));
  }

  /** Revokes the token the request came with: {@code hangar logout}. */
  private void revokeCurrent(Context ctx) {
    Caller caller = Authentication.caller(ctx);
    String header = ctx.header("Authorization");
    long id =
        tokens
            .idOf(header == null ? "" : header.substring("Bearer ".length()).strip())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "this request came without a token; log out of a web session with POST"
                            + " /api/v1/logout"));
    tokens.revoke(id);
    LOG.info("token {} of {} revoked by its user", id, caller.login());
    ctx.status(204);
  }

  private void revoke(Context ctx) {
    Caller caller = Authentication.caller(ctx);
    long id = Routes.longParam(ctx, "id");
    ApiToken token = tokens.get(id);
    AccessRules.requireSelf(caller, token.login(), "revoke the tokens");
    tokens.revoke(id);
    LOG.info("token {} of {} revoked by {}", id, token.login(), caller.login());
    ctx.status(204);
  }
}
