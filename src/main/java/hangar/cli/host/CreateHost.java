package hangar.cli.host;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hangar.cli.ApiAction;
import hangar.cli.ApiClient;
import hangar.cli.Converters;
import hangar.cli.JsonOption;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hangar host create}: registers a host, optionally labelled, locked or protected. */
@Command(name = "create", description = "Register a host so jobs can run on it.")
final class CreateHost extends ApiAction {
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

  @Mixin LockReasonOption lockReason;

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
  protected int execute(ApiClient client) {
    if (lockReason.reason != null && !lock) {
      throw usage(LockReasonOption.NEEDS_LOCK);
    }
    ObjectNode body = ApiClient.JSON.createObjectNode().put("hostname", hostname);
    ssh.putInto(body);
    commands.putInto(body);
    if (!labels.isEmpty()) {
      ArrayNode names = body.putArray("labels");
      labels.forEach(names::add);
    }
    if (lock) {
      body.put("locked", true).put("lock_reason", lockReason.reason);
    }
    if (protection != null) {
      body.put("protection", protection);
    }
    return printAnswer(
        output,
        client.post(HostCommand.HOSTS, body),
        host -> out().println("Created host " + hostname + (lock ? " (locked)" : "")));
  }
}
