package hangar.cli.host;

import com.fasterxml.jackson.databind.JsonNode;
import hangar.cli.Nodes;
import hangar.cli.Table;
import java.io.PrintWriter;

/**
 * Hosts as the API sends them, printed as text: a row of {@code hangar host list}, and the detail
 * of {@code hangar host stat} with the host's recent entries and special tasks. With {@code --json}
 * the actions print the server's JSON instead.
 */
final class HostView {
  private static final String[][] COMMANDS = {
    {"Power on", "power_on"}, {"Power off", "power_off"},
    {"Power reset", "power_reset"}, {"Console", "console"}
  };

  private HostView() {}

  /** The table of a host list, without rows. */
  static Table listTable() {
    return Table.withHeaders("Host", "Status", "Locked", "Locked by", "Labels");
  }

  /** Adds a host's row to a {@link #listTable()}. */
  static void addRow(Table table, JsonNode host) {
    table.add(
        Nodes.text(host, "hostname"),
        Nodes.text(host, "status"),
        Nodes.yesNo(host, "locked"),
        Nodes.text(host, "locked_by"),
        Nodes.joined(host, "labels"));
  }

  /** Prints a host's fields, then its recent entries, then its recent special tasks. */
  static void printDetail(PrintWriter out, JsonNode host) {
    Table fields = Table.fields();
    fields.field("Host", Nodes.text(host, "hostname"));
    fields.field("Status", Nodes.text(host, "status"));
    fields.field("Locked", Nodes.yesNo(host, "locked"));
    if (host.path("locked").asBoolean(false)) {
      fields.field("Locked by", Nodes.text(host, "locked_by"));
      fields.field("Locked on", Nodes.text(host, "locked_on"));
      fields.field("Lock reason", Nodes.text(host, "lock_reason"));
    }
    fields.field("Protection", Nodes.text(host, "protection"));
    fields.field("Dirty", Nodes.yesNo(host, "dirty"));
    fields.field("Labels", Nodes.joined(host, "labels"));
    if (host.hasNonNull("ssh_user") || host.hasNonNull("ssh_port")) {
      fields.field(
          "SSH",
          (host.hasNonNull("ssh_user") ? host.get("ssh_user").asText() + "@" : "")
              + Nodes.text(host, "hostname")
              + (host.hasNonNull("ssh_port") ? ":" + host.get("ssh_port").asInt() : ""));
    }
    for (String[] command : COMMANDS) {
      if (host.hasNonNull(command[1])) {
        fields.field(command[0], Nodes.text(host, command[1]));
      }
    }
    fields.print(out);
    out.println();
    printEntries(out, host.path("entries"));
    out.println();
    printTasks(out, host.path("special_tasks"));
  }

  private static void printEntries(PrintWriter out, JsonNode entries) {
    if (entries.isEmpty()) {
      out.println("No recent entries.");
      return;
    }
    out.println("Recent entries:");
    Table table = Table.withHeaders("Job", "Status", "Reason", "Started", "Finished");
    for (JsonNode entry : entries) {
      table.add(
          Nodes.text(entry, "job_id"),
          Nodes.text(entry, "status"),
          Nodes.text(entry, "reason"),
          Nodes.text(entry, "started_on"),
          Nodes.text(entry, "finished_on"));
    }
    table.print(out);
  }

  private static void printTasks(PrintWriter out, JsonNode tasks) {
    if (tasks.isEmpty()) {
      out.println("No recent special tasks.");
      return;
    }
    out.println("Recent special tasks:");
    Table table =
        Table.withHeaders("Id", "Task", "Status", "Entry", "Requested", "Finished", "Reason");
    for (JsonNode task : tasks) {
      table.add(
          Nodes.text(task, "id"),
          Nodes.text(task, "task"),
          Nodes.text(task, "status"),
          Nodes.text(task, "queue_entry_id"),
          Nodes.text(task, "requested_on"),
          Nodes.text(task, "finished_on"),
          Nodes.text(task, "reason"));
    }
    table.print(out);
  }
}
