package hangar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hangar acl}: atest's acl topic, the groups that decide who may use which hosts. */
@Command(
    name = "acl",
    description =
        "Manage ACL groups: a job runs only on hosts that share an ACL group with its owner."
            + " create, list, stat, add, remove, delete.",
    subcommands = {
      AclCommand.CreateAcl.class,
      AclCommand.ListAcls.class,
      AclCommand.StatAcl.class,
      AclCommand.AddToAcl.class,
      AclCommand.RemoveFromAcl.class,
      AclCommand.DeleteAcl.class
    })
public final class AclCommand extends Topic {
  private static final String ACLS = "/api/v1/acls";

  static String aclPath(String name) {
    return ACLS + "/" + ApiClient.segment(name);
  }

  @Command(name = "create", description = "Create an ACL group; you become its first member.")
  static final class CreateAcl extends ApiAction {
    @Mixin JsonOption output;

    @Parameters(paramLabel = "NAME", description = "The group's name, for example team-net.")
    String name;

    @Option(
        names = {"-d", "--desc"},
        paramLabel = "TEXT",
        description = "What the group is for.")
    String description;

    @Override
    protected int execute(ApiClient client) {
      ObjectNode body =
          ApiClient.JSON
              .createObjectNode()
              .put("name", name)
              .put("description", description == null ? "" : description);
      return printAnswer(
          output, client.post(ACLS, body), acl -> out().println("Created ACL group " + name));
    }
  }

  @Command(name = "list", description = "List ACL groups with their users and hosts.")
  static final class ListAcls extends ApiAction {
    @Mixin JsonOption output;

    @Option(
        names = {"-u", "--user"},
        paramLabel = "LOGIN",
        description = "Only the groups this user is in.")
    String user;

    @Option(
        names = {"-m", "--machine"},
        paramLabel = "HOST",
        description = "Only the groups holding this host.")
    String machine;

    @Override
    protected int execute(ApiClient client) {
      var kept = ApiClient.JSON.createArrayNode();
      for (JsonNode acl : client.get(ACLS)) {
        if (holds(acl, "users", user) && holds(acl, "hosts", machine)) {
          kept.add(acl);
        }
      }
      return printRows(
          output,
          kept,
          "No ACL groups.",
          Table.withHeaders("Name", "Description", "Users", "Hosts"),
          (table, acl) ->
              table.add(
                  Nodes.text(acl, "name"),
                  Nodes.text(acl, "description"),
                  Nodes.joined(acl, "users"),
                  Nodes.joined(acl, "hosts")));
    }

    private static boolean holds(JsonNode acl, String field, String wanted) {
      if (wanted == null) {
        return true;
      }
      for (JsonNode item : acl.path(field)) {
        if (item.asText().equals(wanted)) {
          return true;
        }
      }
      return false;
    }
  }

  @Command(name = "stat", description = "Show one ACL group.")
  static final class StatAcl extends ApiAction {
    @Mixin JsonOption output;

    @Parameters(paramLabel = "NAME", description = "The group's name.")
    String name;

    @Override
    protected int execute(ApiClient client) {
      return printAnswer(
          output,
          client.get(aclPath(name)),
          acl -> {
            Table fields = Table.fields();
            fields.field("Name", Nodes.text(acl, "name"));
            fields.field("Description", Nodes.text(acl, "description"));
            fields.field("Users", Nodes.joined(acl, "users"));
            fields.field("Hosts", Nodes.joined(acl, "hosts"));
            fields.print(out());
          });
    }
  }

  /** The {@code -u} and {@code -m} lists of add and remove. */
  static final class Members {
    @Option(
        names = {"-u", "--user"},
        split = ",",
        paramLabel = "LOGIN",
        description = "Users, comma-separated (members and admins may change them).")
    List<String> users = List.of();

    @Option(
        names = {"-m", "--machine"},
        split = ",",
        paramLabel = "HOST",
        description =
            "Hosts, comma-separated (admins only). A host in a group leaves Everyone; its power"
                + " commands, and localhost, open to the group's members.")
    List<String> hosts = List.of();
  }

  /** Puts the members in the group, or takes them out, one request each. */
  abstract static class ChangeMembers extends ApiAction {
    @Parameters(paramLabel = "NAME", description = "The group's name.")
    String name;

    @Mixin Members members;

    abstract boolean adds();

    @Override
    protected int execute(ApiClient client) {
      if (members.users.isEmpty() && members.hosts.isEmpty()) {
        throw usage("name users with -u or hosts with -m");
      }
      // One request per member: each one that succeeded is reported before a later one fails.
      change(client, "users", "user", members.users);
      change(client, "hosts", "host", members.hosts);
      return OK;
    }

    private void change(ApiClient client, String kind, String noun, List<String> names) {
      for (String member : names) {
        String path = aclPath(name) + "/" + kind + "/" + ApiClient.segment(member);
        if (adds()) {
          client.put(path);
          out().println("Added " + noun + " " + member + " to ACL group " + name);
        } else {
          client.delete(path);
          out().println("Removed " + noun + " " + member + " from ACL group " + name);
        }
      }
    }
  }

  @Command(name = "add", description = "Put users or hosts in an ACL group.")
  static final class AddToAcl extends ChangeMembers {
    @Override
    boolean adds() {
      return true;
    }
  }

  @Command(name = "remove", description = "Take users or hosts out of an ACL group.")
  static final class RemoveFromAcl extends ChangeMembers {
    @Override
    boolean adds() {
      return false;
    }
  }

  @Command(
      name = "delete",
      description =
          "Delete an ACL group (members and admins); its hosts that no other group"
              + " holds go back to Everyone.")
  static final class DeleteAcl extends ApiAction {
    @Parameters(paramLabel = "NAME", description = "The group's name.")
    String name;

    @Override
    protected int execute(ApiClient client) {
      client.delete(aclPath(name));
      out().println("Deleted ACL group " + name);
      return OK;
    }
  }
}
