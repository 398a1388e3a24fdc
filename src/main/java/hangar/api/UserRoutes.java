package hangar.api;

import hangar.lab.Caller;
import hangar.lab.User;
import hangar.store.UserStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/users}: atest's {@code user} topic. Admins create, delete and promote users; a
 * user sets its own password, admins anyone's; everybody logged in reads.
 */
final class UserRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(UserRoutes.class);
  private static final String USERS = "/api/v1/users";

  private final UserStore users;

  UserRoutes(UserStore users) {
    this.users = users;
  }

  void install(RoutesConfig routes) {
    routes.get(USERS, ctx -> ctx.json(users.list().stream().map(AccessJson.UserJson::of).toList()));
    routes.post(USERS, this::create);
    routes.get(USERS + "/{login}", ctx -> ctx.json(AccessJson.UserJson.of(users.get(login(ctx)))));
    routes.patch(USERS + "/{login}", this::modify);
    routes.delete(USERS + "/{login}", this::delete);
  }

  private void create(Context ctx) {
    Caller caller = Authentication.caller(ctx);
    AccessRules.requireAdmin(caller, "create users");
    AccessJson.NewUser body = ctx.bodyAsClass(AccessJson.NewUser.class);
    // Hash first: a bad password refuses the request before anything is written.
    String hash = body.password() == null ? null : Passwords.hashNew(body.password());
    User user = users.create(body.login(), Boolean.TRUE.equals(body.admin()));
    if (hash != null) {
      users.setPasswordHash(user.login(), hash);
      user = users.get(user.login());
    }
    LOG.info(
        "user {} created by {}{}", user.login(), caller.login(), user.admin() ? " (admin)" : "");
    ctx.status(201).json(AccessJson.UserJson.of(user));
  }

  private void modify(Context ctx) {
    Caller caller = Authentication.caller(ctx);
    String login = login(ctx);
    AccessJson.UserChange change = ctx.bodyAsClass(AccessJson.UserChange.class);
    users.get(login);
    if (change.admin() != null) {
      AccessRules.requireAdmin(caller, "change who is an admin");
    }
    String hash = null;
    if (change.password() != null) {
      AccessRules.requireSelf(caller, login, "set the password");
      hash = Passwords.hashNew(change.password());
    }
    if (change.admin() != null) {
      users.setAdmin(login, change.admin());
      LOG.info(
          "user {} {} admin by {}", login, change.admin() ? "made" : "no longer", caller.login());
    }
    if (hash != null) {
      users.setPasswordHash(login, hash);
      LOG.info("password of {} set by {}", login, caller.login());
    }
    ctx.json(AccessJson.UserJson.of(users.get(login)));
  }

  private void delete(Context ctx) {
    Caller caller = Authentication.caller(ctx);
    AccessRules.requireAdmin(caller, "delete users");
    String login = login(ctx);
    users.delete(login);
    LOG.info("user {} deleted by {}", login, caller.login());
    ctx.status(204);
  }

  private static String login(Context ctx) {
    return ctx.pathParam("login");
  }
}
