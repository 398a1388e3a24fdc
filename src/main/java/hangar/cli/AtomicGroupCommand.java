package hangar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hangar atomicgroup}: atest's atomicgroup topic. An atomic group's jobs run on hosts of one
 * of its labels together, at most its max number of machines.
 */
@Command(
    name = "atomicgroup",
    description =
        "Manage atomic groups, sets of hosts jobs run on together: create, list, stat, add,"
            + " remove, delete.",
    subcommands = {
      AtomicGroupCommand.CreateGroup.class,
      AtomicGroupCommand.ListGroups.class,
      AtomicGroupCommand.StatGroup.class,
      AtomicGroupCommand.AddLabels.class,
      AtomicGroupCommand.RemoveLabels.class,
      AtomicGroupCommand.DeleteGroup.class
    })
public final class AtomicGroupCommand extends Topic {
  private static final String GROUPS = "/api/v1/atomicgroups";

  static String groupPath(String name) {
    return GROUPS + "/" + ApiClient.segment(name);
  }

  static String groupLabelPath(String name, String label) {
    return groupPath(name) + "/labels/" + ApiClient.segment(label);
  }

  @Command(name = "create", description = "Create an atomic group.")
  static final class CreateGroup extends ApiAction {
    @Mixin JsonOption output;

    @Parameters(
        paramLabel = "NAME",
        converter = Converters.AtomicGroupName.class,
        description = "The group's name, for example rack1.")
    String name;

    @Option(
        names = {"-n", "--max-number-of-machines", "--max_number_of_machines"},
        paramLabel = "MAX",
        description = "The most hosts one job of the group runs on (default: no limit).")
    Integer max;

    @Option(
        names = {"-d", "--description"},
        paramLabel = "TEXT",
        description = "What the group is.")
    String description;

    @Override
    protected int execute(ApiClient client) {
      checkPositive("--max-number-of-machines", max);
      ObjectNode body = ApiClient.JSON.createObjectNode().put("name", name);
      if (max != null) {
        body.put("max_number_of_machines", max);
      }
      if (description != null) {
        body.put("description", description);
      }
      return printAnswer(
          output, client.post(GROUPS, body), g -> out().println("Created atomic group " + name));
    }
  }

  @Command(name = "list", description = "List atomic groups with their labels.")
  static final class ListGroups extends ApiAction {
    @Mixin JsonOption output;
    @Mixin LimitOption limit;

    @Override
    protected int execute(ApiClient client) {
      checkPositive("--limit", limit.limit);
      return printRows(
          output,
          client.list(GROUPS, limit.max()),
          "No atomic groups.",
          Table.withHeaders("Name", "Max machines", "Labels", "Description"),
          (table, group) ->
              table.add(
                  Nodes.text(group, "name"),
                  maxOf(group),
                  Nodes.joined(group, "labels"),
                  Nodes.text(group, "description")));
    }
  }

  @Command(name = "stat", description = "Show one atomic group.")
  static final class StatGroup extends ApiAction {
    @Mixin JsonOption output;

    @Parameters(paramLabel = "NAME", description = "The group's name.")
    String name;

    @Override
    protected int execute(ApiClient client) {
      return printAnswer(
          output,
          client.get(groupPath(name)),
          group -> {
            Table fields = Table.fields();
            fields.field("Name", Nodes.text(group, "name"));
            fields.field("Description", Nodes.text(group, "description"));
            fields.field("Max machines", maxOf(group));
            fields.field("Labels", Nodes.joined(group, "labels"));
            fields.print(out());
          });
    }
  }

  @Command(name = "add", description = "Put labels in an atomic group.")
  static final class AddLabels extends ApiAction {
    @Parameters(paramLabel = "NAME", description = "The group's name.")
    String name;

    @Option(
        names = {"-l", "--label"},
        split = ",",
        required = true,
        paramLabel = "LABEL",
        description = "Labels to put in it, comma-separated; a label is in one group at most.")
    List<String> labels;

    @Override
    protected int execute(ApiClient client) {
      // One request per label: each one that succeeded is reported before a later one fails.
      for (String label : labels) {
        client.put(groupLabelPath(name, label));
        out().println("Added label " + label + " to atomic group " + name);
      }
      return OK;
    }
  }

  @Command(name = "remove", description = "Take labels out of an atomic group.")
  static final class RemoveLabels extends ApiAction {
    @Parameters(paramLabel = "NAME", description = "The group's name.")
    String name;

    @Option(
        names = {"-l", "--label"},
        split = ",",
        required = true,
        paramLabel = "LABEL",
        description = "Labels to take out, comma-separated.")
    List<String> labels;

    @Override
    protected int execute(ApiClient client) {
      for (String label : labels) {
        client.delete(groupLabelPath(name, label));
        out().println("Removed label " + label + " from atomic group " + name);
      }
      return OK;
    }
  }

  @Command(
      name = "delete",
      description = "Delete an atomic group no unfinished job uses, or with --force any group.")
  static final class DeleteGroup extends ApiAction {
    @Parameters(paramLabel = "NAME", description = "The group's name.")
    String name;

    @Option(
        names = "--force",
        description =
            "Delete it even if unfinished jobs use it: their queued entries fail and their others"
                + " are aborted.")
    boolean force;

    @Override
    protected int execute(ApiClient client) {
      client.delete(groupPath(name) + (force ? "?force=true" : ""));
      out().println("Deleted atomic group " + name);
      return OK;
    }
  }

  /** The group's max number of machines, or "no limit" for Autotest's infinite default. */
  private static String maxOf(JsonNode group) {
    int max = group.path("max_number_of_machines").asInt();
    return max == hangar.lab.AtomicGroup.DEFAULT_MAX_NUMBER_OF_MACHINES
        ? "no limit"
        : Integer.toString(max);
  }
}
