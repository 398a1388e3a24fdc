package hangar.api;

import hangar.lab.AclGroup;
import hangar.lab.Caller;
import hangar.store.AclStore;
import hangar.store.UserStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/acls}: atest's {@code acl} topic. Anybody creates a group and becomes its member;
 * members and admins add and remove users and delete it; only admins add and remove hosts, since a
 * host put in a group leaves {@code Everyone} and its power commands open to the group.
 */
final class AclRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(AclRoutes.class);
  private static final String ACLS = "/api/v1/acls";

  private final AclStore acls;
  private final UserStore users;
  private final AccessRules rules;
  private final Runnable wakeScheduler;

  AclRoutes(AclStore acls, UserStore users, AccessRules rules, Runnable wakeScheduler) {
    this.acls = acls;
    this.users = users;
    this.rules = rules;
    this.wakeScheduler = wakeScheduler;
  }

  void install(RoutesConfig routes) {
    routes.get(ACLS, ctx -> ctx.json(acls.list().stream().map(AccessJson.AclJson::of).toList()));
    routes.post(ACLS, this::create);
    routes.get(ACLS + "/{name}", ctx -> ctx.json(AccessJson.AclJson.of(acls.get(name(ctx)))));
    routes.delete(ACLS + "/{name}", this::delete);
    routes.put(ACLS + "/{name}/users/{login}", ctx -> changeUser(ctx, true));
    routes.delete(ACLS + "/{name}/users/{login}", ctx -> changeUser(ctx, false));
    routes.put(ACLS + "/{name}/hosts/{hostname}", ctx -> changeHost(ctx, true));
    routes.delete(ACLS + "/{name}/hosts/{hostname}", ctx -> changeHost(ctx, false));
  }

  private void create(Context ctx) {
    Caller caller = Authentication.caller(ctx);
    AccessJson.NewAcl body = ctx.bodyAsClass(AccessJson.NewAcl.class);
    AclGroup group = acls.create(body.name(), body.description(), caller.login());
    LOG.info("ACL group {} created by {}", group.name(), caller.login());
    ctx.status(201).json(AccessJson.AclJson.of(group));
  }

  private void delete(Context ctx) {
    Caller caller = Authentication.caller(ctx);
    AclGroup group = acls.get(name(ctx));
    rules.requireMember(caller, group, "delete");
    acls.delete(group.name());
    LOG.info("ACL group {} deleted by {}", group.name(), caller.login());
    wakeScheduler.run();
    ctx.status(204);
  }

  private void changeUser(Context ctx, boolean add) {
    Caller caller = Authentication.caller(ctx);
    AclGroup group = acls.get(name(ctx));
    String login = users.get(ctx.pathParam("login")).login();
    if (group.isEveryone()) {
      throw new hangar.store.ConflictException(
          "every user is in ACL group Everyone, always; add " + login + " to another group");
    }
    rules.requireMember(caller, group, add ? "add users to" : "remove users from");
    if (add) {
      acls.addUser(group.name(), login);
    } else {
      acls.removeUser(group.name(), login);
    }
    LOG.info(
        "user {} {} ACL group {} by {}",
        login,
        add ? "added to" : "removed from",
        group.name(),
        caller.login());
    wakeScheduler.run();
    ctx.json(AccessJson.AclJson.of(acls.get(group.name())));
  }

  private void changeHost(Context ctx, boolean add) {
    Caller caller = Authentication.caller(ctx);
    AccessRules.requireAdmin(caller, (add ? "add hosts to" : "remove hosts from") + " ACL groups");
    AclGroup group = acls.get(name(ctx));
    if (group.isEveryone()) {
      throw new hangar.store.ConflictException(
          "ACL group Everyone holds the hosts no other group holds; put the host in another"
              + " group, or take it out of all others, instead");
    }
    String hostname = ctx.pathParam("hostname");
    if (add) {
      acls.addHost(group.name(), hostname);
    } else {
      acls.removeHost(group.name(), hostname);
    }
    LOG.info(
        "host={} {} ACL group {} by {}",
        hostname,
        add ? "added to" : "removed from",
        group.name(),
        caller.login());
    wakeScheduler.run();
    ctx.json(AccessJson.AclJson.of(acls.get(group.name())));
  }

  private static String name(Context ctx) {
    return ctx.pathParam("name");
  }
}
