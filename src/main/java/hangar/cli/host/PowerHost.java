package hangar.cli.host;

import com.fasterxml.jackson.databind.JsonNode;
import hangar.cli.ApiAction;
import hangar.cli.ApiClient;
import hangar.cli.JsonOption;
import hangar.cli.Nodes;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code hangar host power}: runs a host's power command on the server and says how it ended. */
@Command(
    name = "power",
    description = {
      "Run the host's power on, off or reset command (set with 'hangar host mod NAME"
          + " --power-on/--power-off/--power-reset COMMAND') on the server's machine, and print"
          + " how it ended.",
      "Exit status: 0 when the command succeeded, 1 otherwise."
    })
final class PowerHost extends ApiAction {
  @Mixin JsonOption output;

  @Parameters(index = "0", paramLabel = "NAME", description = "The host's name.")
  String hostname;

  @Parameters(index = "1", paramLabel = "ACTION", description = "on, off or reset.")
  String action;

  @Override
  protected int execute(ApiClient client) {
    if (!List.of("on", "off", "reset").contains(action)) {
      throw usage("ACTION must be on, off or reset, was '" + action + "'");
    }
    JsonNode answer =
        client.post(
            HostCommand.hostPath(hostname) + "/power",
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
