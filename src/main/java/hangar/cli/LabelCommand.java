package hangar.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hangar label}: create, list and delete labels, and put them on hosts or take them off. */
@Command(
    name = "label",
    description =
        "Manage labels, the tags jobs select hosts by: create, list, add, remove, delete.",
    subcommands = {
      LabelCommand.CreateLabel.class,
      LabelCommand.ListLabels.class,
      LabelCommand.AddLabel.class,
      LabelCommand.RemoveLabel.class,
      LabelCommand.DeleteLabel.class
    })
public final class LabelCommand extends Topic {
  private static final String LABELS = "/api/v1/labels";

  static String labelPath(String name) {
    return LABELS + "/" + ApiClient.segment(name);
  }

  static String labelHostPath(String name, String hostname) {
    return labelPath(name) + "/hosts/" + ApiClient.segment(hostname);
  }

  @Command(name = "create", description = "Create a label.")
  static final class CreateLabel extends ApiAction {
    @Mixin JsonOption output;

    @Parameters(
        paramLabel = "NAME",
        converter = Converters.LabelName.class,
        description = "The label's name, for example x86_64.")
    String name;

    @Option(
        names = {"-t", "--platform"},
        description = "Make it a platform label (a host carries at most one).")
    boolean platform;

    @Option(
        names = {"-o", "--only-if-needed"},
        description = "Hosts carrying it run only jobs that ask for it.")
    boolean onlyIfNeeded;

    @Override
    protected int execute(ApiClient client) {
      ObjectNode body =
          ApiClient.JSON
              .createObjectNode()
              .put("name", name)
              .put("platform", platform)
              .put("only_if_needed", onlyIfNeeded);
      return printAnswer(
          output, client.post(LABELS, body), label -> out().println("Created label " + name));
    }
  }

  @Command(name = "list", description = "List labels with how many hosts carry each.")
  static final class ListLabels extends ApiAction {
    @Mixin JsonOption output;
    @Mixin LimitOption limit;

    @Override
    protected int execute(ApiClient client) {
      checkPositive("--limit", limit.limit);
      return printRows(
          output,
          client.list(LABELS, limit.max()),
          "No labels.",
          Table.withHeaders("Name", "Platform", "Only if needed", "Hosts"),
          (table, label) ->
              table.add(
                  Nodes.text(label, "name"),
                  Nodes.yesNo(label, "platform"),
                  Nodes.yesNo(label, "only_if_needed"),
                  Nodes.text(label, "host_count")));
    }
  }

  @Command(name = "add", description = "Put a label on hosts.")
  static final class AddLabel extends ApiAction {
    @Parameters(paramLabel = "LABEL", description = "The label's name.")
    String name;

    @Option(
        names = {"-m", "--machine"},
        split = ",",
        required = true,
        paramLabel = "HOST",
        description = "Hosts to label, comma-separated.")
    List<String> hosts;

    @Override
    protected int execute(ApiClient client) {
      // One request per host: each one that succeeded is reported before a later one fails.
      for (String host : hosts) {
        client.put(labelHostPath(name, host));
        out().println("Added label " + name + " to host " + host);
      }
      return OK;
    }
  }

  @Command(name = "remove", description = "Take a label off hosts.")
  static final class RemoveLabel extends ApiAction {
    @Parameters(paramLabel = "LABEL", description = "The label's name.")
    String name;

    @Option(
        names = {"-m", "--machine"},
        split = ",",
        required = true,
        paramLabel = "HOST",
        description = "Hosts to take it off, comma-separated.")
    List<String> hosts;

    @Override
    protected int execute(ApiClient client) {
      for (String host : hosts) {
        client.delete(labelHostPath(name, host));
        out().println("Removed label " + name + " from host " + host);
      }
      return OK;
    }
  }

  @Command(
      name = "delete",
      description = "Delete a label no unfinished job needs, or with --force any label.")
  static final class DeleteLabel extends ApiAction {
    @Parameters(paramLabel = "NAME", description = "The label's name.")
    String name;

    @Option(
        names = "--force",
        description =
            "Delete it even if unfinished jobs need it: their queued entries that need it fail"
                + " and their running ones are aborted.")
    boolean force;

    @Override
    protected int execute(ApiClient client) {
      client.delete(labelPath(name) + (force ? "?force=true" : ""));
      out().println("Deleted label " + name);
      return OK;
    }
  }
}
