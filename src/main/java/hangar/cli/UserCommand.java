package hangar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hangar user}: atest's user topic, with passwords for the web UI. */
@Command(
    name = "user",
    description =
        "Manage the lab's users: create, list, stat, mod, passwd, delete. Admins (Autotest's"
            + " superusers, access level 100) may do everything; users share hosts through ACL"
            + " groups (see 'hangar acl').",
    subcommands = {
      UserCommand.CreateUser.class,
      UserCommand.ListUsers.class,
      UserCommand.StatUser.class,
      UserCommand.ModifyUser.class,
      UserCommand.SetPassword.class,
      UserCommand.DeleteUser.class
    })
public final class UserCommand extends Topic {
  private static final String USERS = "/api/v1/users";

  static String userPath(String login) {
    return USERS + "/" + ApiClient.segment(login);
  }

  static String role(JsonNode user) {
    return user.path("admin").asBoolean() ? "admin" : "user";
  }

  @Command(
      name = "create",
      description = "Create a user (admins only). It joins ACL group Everyone.")
  static final class CreateUser extends ApiAction {
    @Mixin JsonOption output;

    @Parameters(paramLabel = "LOGIN", description = "The user's login, for example alice.")
    String login;

    @Option(names = "--admin", description = "Make the user an admin (access level 100).")
    boolean admin;

    @Option(
        names = "--password",
        description = "Ask for a web password for the user (on the terminal, twice).")
    boolean askPassword;

    @Option(
        names = "--password-stdin",
        description = "Read the user's web password from the first line of standard input.")
    boolean passwordStdin;

    @Override
    protected int execute(ApiClient client) {
      ObjectNode body = ApiClient.JSON.createObjectNode().put("login", login).put("admin", admin);
      if (askPassword || passwordStdin) {
        body.put(
            "password", PasswordInput.read(passwordStdin, "Password for " + login + ": ", true));
      }
      return printAnswer(
          output,
          client.post(USERS, body),
          user -> out().println("Created " + role(user) + " " + login));
    }
  }

  @Command(name = "list", description = "List users with their access level and ACL groups.")
  static final class ListUsers extends ApiAction {
    @Mixin JsonOption output;

    @Option(
        names = {"-a", "--acl"},
        paramLabel = "ACL",
        description = "Only the members of this ACL group.")
    String acl;

    @Override
    protected int execute(ApiClient client) {
      JsonNode users = client.get(USERS);
      if (acl != null) {
        var kept = ApiClient.JSON.createArrayNode();
        for (JsonNode user : users) {
          for (JsonNode group : user.path("acl_groups")) {
            if (group.asText().equals(acl)) {
              kept.add(user);
            }
          }
        }
        users = kept;
      }
      return printRows(
          output,
          users,
          "No users.",
          Table.withHeaders("Login", "Access level", "Role", "ACL groups", "Web password"),
          (table, user) ->
              table.add(
                  Nodes.text(user, "login"),
                  Nodes.text(user, "access_level"),
                  role(user),
                  Nodes.joined(user, "acl_groups"),
                  Nodes.yesNo(user, "has_password")));
    }
  }

  @Command(name = "stat", description = "Show one user.")
  static final class StatUser extends ApiAction {
    @Mixin JsonOption output;

    @Parameters(paramLabel = "LOGIN", description = "The user's login.")
    String login;

    @Override
    protected int execute(ApiClient client) {
      return printAnswer(
          output,
          client.get(userPath(login)),
          user -> {
            Table fields = Table.fields();
            fields.field("Login", Nodes.text(user, "login"));
            fields.field(
                "Access level", Nodes.text(user, "access_level") + " (" + role(user) + ")");
            fields.field("ACL groups", Nodes.joined(user, "acl_groups"));
            fields.field("Web password", Nodes.yesNo(user, "has_password"));
            fields.field("Created", Nodes.text(user, "created_on"));
            if (user.hasNonNull("locked_until")) {
              fields.field("Web logins refused until", Nodes.text(user, "locked_until"));
            }
            fields.print(out());
          });
    }
  }

  @Command(name = "mod", description = "Make a user an admin or take that away (admins only).")
  static final class ModifyUser extends ApiAction {
    @Mixin JsonOption output;

    @Parameters(paramLabel = "LOGIN", description = "The user's login.")
    String login;

    @ArgGroup(multiplicity = "1")
    Level level;

    static final class Level {
      @Option(names = "--admin", description = "Make the user an admin.")
      boolean admin;

      @Option(names = "--no-admin", description = "Make the user a plain user.")
      boolean user;
    }

    @Override
    protected int execute(ApiClient client) {
      ObjectNode body = ApiClient.JSON.createObjectNode().put("admin", level.admin);
      return printAnswer(
          output,
          client.patch(userPath(login), body),
          user -> out().println(login + " is now " + (level.admin ? "an admin" : "a user")));
    }
  }

  @Command(
      name = "passwd",
      description =
          "Set a web password: your own, or as an admin anyone's. Asked on the terminal twice,"
              + " or read from standard input with --password-stdin.")
  static final class SetPassword extends ApiAction {
    @Parameters(
        paramLabel = "LOGIN",
        arity = "0..1",
        description = "Whose password (default: the user the token belongs to).")
    String login;

    @Option(
        names = "--password-stdin",
        description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Override
    protected int execute(ApiClient client) {
      String who = login != null ? login : client.get("/api/v1/whoami").path("login").asText();
      String password = PasswordInput.read(passwordStdin, "New password for " + who + ": ", true);
      client.patch(userPath(who), ApiClient.JSON.createObjectNode().put("password", password));
      out().println("Password of " + who + " set");
      return OK;
    }
  }

  @Command(
      name = "delete",
      description =
          "Delete a user with its tokens and web sessions (admins only; the last admin stays).")
  static final class DeleteUser extends ApiAction {
    @Parameters(paramLabel = "LOGIN", description = "The user's login.")
    String login;

    @Override
    protected int execute(ApiClient client) {
      client.delete(userPath(login));
      out().println("Deleted user " + login);
      return OK;
    }
  }
}
