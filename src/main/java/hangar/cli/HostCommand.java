package hangar.cli;

import static java.lang.Integer.MAX_VALUE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hangar host}: create, list, inspect, lock and delete the machines under test. */
@Command(
    name = "host",
    description =
        "Manage the machines under test: create, list, stat, mod, reverify and delete hosts.",
    subcommands = {
      HostCommand.CreateHost.class,
      HostCommand.ListHosts.class,
      HostCommand.StatHost.class,
      HostCommand.ModHost.class,
      HostCommand.ReverifyHost.class,
      HostCommand.PowerHost.class,
      HostCommand.DeleteHost.class
    })
public final class HostCommand extends Topic {
  static final String HOSTS = "/api/v1/hosts";

  static String hostPath(String hostname) {
    return HOSTS + "/" + ApiClient.segment(hostname);
  }

  @Command(name = "create", description = "Register a host so jobs can run on it.")
  static final class CreateHost extends ApiAction {
    @Mixin JsonOption output;

    @Parameters(
        paramLabel = "NAME",
        converter = Converters.HostName.class,
        description = "Hostname; 'localhost' means this machine.")
    String hostname;

    @Option(
        names = {"-b", "--labels"},
        split = ",",
        paramLabel = "LABEL",
        converter = Converters.LabelName.class,
        description = "Labels to put on the host, comma-separated.")
    List<String> labels = new ArrayList<>();

    @Option(
        names = {"-l", "--lock"},
        description = "Create it locked, so no job uses it yet.")
    boolean lock;

    @Option(
        names = {"-r", "--lock-reason"},
        paramLabel = "REASON",
        description = "Why it is locked (with --lock).")
    String lockReason;

    @Option(
        names = "--protection",
        paramLabel = "P",
        converter = Converters.ProtectionName.class,
        description =
            "How much a repair may do: 'No protection', 'Repair software only', 'Repair"
                + " filesystem only', 'Do not repair' or 'Do not verify'.")
    String protection;

    @Mixin SshOptions ssh;
    @Mixin CommandOptions commands;

    @Override
    int execute(ApiClient client) {
      if (lockReason != null && !lock) {
        throw usage("--lock-reason needs --lock");
      }
      ObjectNode body = ApiClient.JSON.createObjectNode().put("hostname", hostname);
      ssh.putInto(body);
      commands.putInto(body);
      if (!labels.isEmpty()) {
        ArrayNode names = body.putArray("labels");
        labels.forEach(names::add);
      }
      if (lock) {
        body.put("locked", true).put("lock_reason", lockReason);
      }
      if (protection != null) {
        body.put("protection", protection);
      }
      return printAnswer(
          output,
          client.post(HOSTS, body),
          host -> out().println("Created host " + hostname + (lock ? " (locked)" : "")));
    }
  }

  @Command(
      name = "list",
      description = "List hosts, optionally only those with a status, a label or a lock state.")
  static final class ListHosts extends ApiAction {
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

    static final class LockFilter {
      @Option(names = "--locked", description = "Only locked hosts.")
      boolean locked;

      @Option(names = "--unlocked", description = "Only unlocked hosts.")
      boolean unlocked;
    }

    @Override
    int execute(ApiClient client) {
      checkPositive("--limit", limit.limit);
      ArrayNode matching = ApiClient.JSON.createArrayNode();
      for (JsonNode host : client.list(HOSTS + (deleted ? "?deleted=true" : ""), MAX_VALUE)) {
        if (matches(host) && matching.size() < limit.max()) {
          matching.add(host);
        }
      }
      return printRows(
          output,
          matching,
          "No hosts match.",
          Table.withHeaders("Host", "Status", "Locked", "Locked by", "Labels"),
          (table, host) ->
              table.add(
                  Nodes.text(host, "hostname"),
                  Nodes.text(host, "status"),
                  Nodes.yesNo(host, "locked"),
                  Nodes.text(host, "locked_by"),
                  Nodes.joined(host, "labels")));
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

  @Command(
      name = "stat",
      description = "Show one host in detail with its most recent queue entries and special tasks.")
  static final class StatHost extends ApiAction {
    @Mixin JsonOption output;

    @Parameters(paramLabel = "NAME", description = "The host's name.")
    String hostname;

    @Override
    int execute(ApiClient client) {
      return printAnswer(output, client.get(hostPath(hostname)), this::printHost);
    }

    private void printHost(JsonNode host) {
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
      for (String[] command :
          new String[][] {
            {"Power on", "power_on"},
            {"Power off", "power_off"},
            {"Power reset", "power_reset"},
            {"Console", "console"}
          }) {
        if (host.hasNonNull(command[1])) {
          fields.field(command[0], Nodes.text(host, command[1]));
        }
      }
      fields.print(out());
      out().println();
      printEntries(host.path("entries"));
      out().println();
      printTasks(host.path("special_tasks"));
    }

    private void printTasks(JsonNode tasks) {
      if (tasks.isEmpty()) {
        out().println("No recent special tasks.");
        return;
      }
      out().println("Recent special tasks:");
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
      table.print(out());
    }

    private void printEntries(JsonNode entries) {
      if (entries.isEmpty()) {
        out().println("No recent entries.");
        return;
      }
      out().println("Recent entries:");
      Table table = Table.withHeaders("Job", "Status", "Reason", "Started", "Finished");
      for (JsonNode entry : entries) {
        table.add(
            Nodes.text(entry, "job_id"),
            Nodes.text(entry, "status"),
            Nodes.text(entry, "reason"),
            Nodes.text(entry, "started_on"),
            Nodes.text(entry, "finished_on"));
      }
      table.print(out());
    }
  }

  @Command(name = "mod", description = "Lock or unlock a host, or change its protection.")
  static final class ModHost extends ApiAction {
    @Mixin JsonOption output;

    @Parameters(paramLabel = "NAME", description = "The host's name.")
    String hostname;

    @ArgGroup(exclusive = true)
    LockChange lockChange;

    static final class LockChange {
      @Option(
          names = {"-l", "--lock"},
          description = "Lock it: no new job gets it.")
      boolean lock;

      @Option(
          names = {"-u", "--unlock"},
          description = "Unlock it.")
      boolean unlock;
    }

    @Option(
        names = {"-r", "--lock-reason"},
        paramLabel = "REASON",
        description = "Why it is locked (with --lock).")
    String lockReason;

    @Option(
        names = "--protection",
        paramLabel = "P",
        converter = Converters.ProtectionName.class,
        description = "New protection level, as for 'hangar host create'.")
    String protection;

    @Mixin SshOptions ssh;
    @Mixin CommandOptions commands;

    @Override
    int execute(ApiClient client) {
      boolean lock = lockChange != null && lockChange.lock;
      if (lockReason != null && !lock) {
        throw usage("--lock-reason needs --lock");
      }
      if (lockChange == null && protection == null && ssh.isEmpty() && commands.isEmpty()) {
        throw usage(
            "say what to change: --lock, --unlock, --protection, --user, --port, --power-on,"
                + " --power-off, --power-reset or --console");
      }
      ObjectNode body = ApiClient.JSON.createObjectNode();
      ssh.putInto(body);
      commands.putInto(body);
      if (lockChange != null) {
        body.put("locked", lock);
      }
      if (lockReason != null) {
        body.put("lock_reason", lockReason);
      }
      if (protection != null) {
        body.put("protection", protection);
      }
      return printAnswer(
          output, client.patch(hostPath(hostname), body), host -> printChanges(lock));
    }

    private void printChanges(boolean lock) {
      if (lockChange != null) {
        out().println((lock ? "Locked host " : "Unlocked host ") + hostname);
      }
      if (protection != null) {
        out().println("Set protection of host " + hostname + " to " + protection);
      }
      if (!ssh.isEmpty()) {
        out().println("Set SSH login of host " + hostname + ": " + ssh.describe());
      }
      if (!commands.isEmpty()) {
        out().println("Set commands of host " + hostname + ": " + commands.describe());
      }
    }
  }

  /** A host's own commands, run on the drone: power on, off, reset, and its console. */
  static final class CommandOptions {
    @Option(
        names = "--power-on",
        paramLabel = "COMMAND",
        description = "Switches the host on, run on the drone; an empty value removes it.")
    String powerOn;

    @Option(
        names = "--power-off",
        paramLabel = "COMMAND",
        description = "Switches the host off, run on the drone; an empty value removes it.")
    String powerOff;

    @Option(
        names = "--power-reset",
        paramLabel = "COMMAND",
        description =
            "Power-cycles the host, run on the drone; a repair runs it first. An empty value"
                + " removes it.")
    String powerReset;

    @Option(
        names = "--console",
        paramLabel = "COMMAND",
        description =
            "Prints the host's console, run on the drone while a session runs on the host (for"
                + " example 'telnet pdu1 6000' or 'ipmitool -I lanplus -H bmc sol activate');"
                + " its output is kept as console.log. An empty value removes it.")
    String console;

    boolean isEmpty() {
      return powerOn == null && powerOff == null && powerReset == null && console == null;
    }

    void putInto(ObjectNode body) {
      if (powerOn != null) {
        body.put("power_on", powerOn);
      }
      if (powerOff != null) {
        body.put("power_off", powerOff);
      }
      if (powerReset != null) {
        body.put("power_reset", powerReset);
      }
      if (console != null) {
        body.put("console", console);
      }
    }

    String describe() {
      StringBuilder text = new StringBuilder();
      append(text, "power on", powerOn);
      append(text, "power off", powerOff);
      append(text, "power reset", powerReset);
      append(text, "console", console);
      return text.toString();
    }

    private static void append(StringBuilder text, String name, String value) {
      if (value != null) {
        text.append(text.isEmpty() ? "" : ", ")
            .append(name)
            .append(' ')
            .append(value.isEmpty() ? "(none)" : "'" + value + "'");
      }
    }
  }

  /** How a host is reached over SSH: {@code --user} and {@code --port}. */
  static final class SshOptions {
    @Option(
        names = "--user",
        paramLabel = "USER",
        description =
            "The login over SSH (default: the scheduler's own user); an empty value goes back to"
                + " the default.")
    String user;

    @Option(
        names = "--port",
        paramLabel = "PORT",
        description = "The SSH port (default 22); 0 goes back to the default.")
    Integer port;

    boolean isEmpty() {
      return user == null && port == null;
    }

    void putInto(ObjectNode body) {
      if (user != null) {
        body.put("ssh_user", user);
      }
      if (port != null) {
        body.put("ssh_port", port);
      }
    }

    String describe() {
      return (user == null ? "" : "user " + (user.isEmpty() ? "(default)" : user))
          + (user != null && port != null ? ", " : "")
          + (port == null ? "" : "port " + (port == 0 ? "22" : port));
    }
  }

  @Command(
      name = "reverify",
      description =
          "Ask the scheduler to verify hosts now; a Repair Failed host that passes is Ready again.")
  static final class ReverifyHost extends ApiAction {
    @Mixin JsonOption output;

    @Parameters(arity = "1..*", paramLabel = "NAME", description = "The hosts' names.")
    List<String> hostnames = new ArrayList<>();

    @Override
    int execute(ApiClient client) {
      ArrayNode answers = ApiClient.JSON.createArrayNode();
      for (String hostname : hostnames) {
        answers.add(
            client.post(hostPath(hostname) + "/reverify", ApiClient.JSON.createObjectNode()));
      }
      return printAnswer(
          output,
          answers,
          tasks -> {
            for (JsonNode task : tasks) {
              out()
                  .println(
                      "Verify of host "
                          + Nodes.text(task, "host")
                          + " asked (task "
                          + Nodes.text(task, "id")
                          + ", "
                          + Nodes.text(task, "status")
                          + ")");
            }
          });
    }
  }

  @Command(
      name = "power",
      description = {
        "Run the host's power on, off or reset command (set with 'hangar host mod NAME"
            + " --power-on/--power-off/--power-reset COMMAND') on the server's machine, and print"
            + " how it ended.",
        "Exit status: 0 when the command succeeded, 1 otherwise."
      })
  static final class PowerHost extends ApiAction {
    @Mixin JsonOption output;

    @Parameters(index = "0", paramLabel = "NAME", description = "The host's name.")
    String hostname;

    @Parameters(index = "1", paramLabel = "ACTION", description = "on, off or reset.")
    String action;

    @Override
    int execute(ApiClient client) {
      if (!List.of("on", "off", "reset").contains(action)) {
        throw usage("ACTION must be on, off or reset, was '" + action + "'");
      }
      JsonNode answer =
          client.post(
              hostPath(hostname) + "/power",
              ApiClient.JSON.createObjectNode().put("action", action));
      printAnswer(
          output,
          answer,
          power -> {
            out().print(Nodes.text(power, "output"));
            out()
                .println(
                    "Power "
                        + action
                        + " of host "
                        + hostname
                        + " ("
                        + Nodes.text(power, "command")
                        + "): "
                        + (power.path("timed_out").asBoolean()
                            ? "timed out"
                            : "exit status " + power.path("exit_status").asInt()));
          });
      return answer.path("exit_status").asInt(1) == 0 && !answer.path("timed_out").asBoolean()
          ? 0
          : 1;
    }
  }

  @Command(
      name = "delete",
      description = "Delete a host that no unfinished job uses, or with --force any host.")
  static final class DeleteHost extends ApiAction {
    @Parameters(paramLabel = "NAME", description = "The host's name.")
    String hostname;

    @Option(
        names = "--force",
        description =
            "Delete it even if unfinished jobs use it: their queued entries on it fail with"
                + " 'host deleted' and their running ones are aborted.")
    boolean force;

    @Override
    int execute(ApiClient client) {
      client.delete(hostPath(hostname) + (force ? "?force=true" : ""));
      out().println("Deleted host " + hostname);
      return OK;
    }
  }
}
