package hangar.cli.host;

import static java.lang.Integer.MAX_VALUE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import hangar.cli.ApiAction;
import hangar.cli.ApiClient;
import hangar.cli.Converters;
import hangar.cli.JsonOption;
import hangar.cli.LimitOption;
import hangar.cli.Nodes;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hangar host list}: hosts, filtered here by status, label and lock state. */
@Command(
    name = "list",
    description = "List hosts, optionally only those with a status, a label or a lock state.")
final class ListHosts extends ApiAction {
  @Mixin JsonOption output;
  @Mixin LimitOption limit;

  @Option(
      names = {"-s", "--status"},
      paramLabel = "S",
      converter = Converters.HostStatusName.class,
      description = "Only hosts in this status, for example Ready or 'Repair Failed'.")
  String status;

  @Option(
      names = {"-b", "--label"},
      paramLabel = "L",
      description = "Only hosts carrying this label.")
  String label;

  @ArgGroup(exclusive = true)
  LockFilter lockFilter;

  @Option(
      names = "--deleted",
      description = "List the deleted hosts instead, which lists otherwise leave out.")
  boolean deleted;

  /** {@code --locked} or {@code --unlocked}, not both. */
  static final class LockFilter {
    @Option(names = "--locked", description = "Only locked hosts.")
    boolean locked;

    @Option(names = "--unlocked", description = "Only unlocked hosts.")
    boolean unlocked;
  }

  @Override
  protected int execute(ApiClient client) {
    checkPositive("--limit", limit.given());
    ArrayNode matching = ApiClient.JSON.createArrayNode();
    String path = HostCommand.HOSTS + (deleted ? "?deleted=true" : "");
    for (JsonNode host : client.list(path, MAX_VALUE)) {
      if (matches(host) && matching.size() < limit.max()) {
        matching.add(host);
      }
    }
    return printRows(output, matching, "No hosts match.", HostView.listTable(), HostView::addRow);
  }

  // The API lists every host; filtering here keeps the server's contract small.
  private boolean matches(JsonNode host) {
    if (status != null && !status.equalsIgnoreCase(Nodes.text(host, "status"))) {
      return false;
    }
    if (label != null) {
      boolean found = false;
      for (JsonNode name : host.path("labels")) {
        found |= label.equals(name.asText());
      }
      if (!found) {
        return false;
      }
    }
    boolean locked = host.path("locked").asBoolean(false);
    return lockFilter == null || (lockFilter.locked ? locked : !locked);
  }
}
