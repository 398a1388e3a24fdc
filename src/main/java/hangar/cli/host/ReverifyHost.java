package hangar.cli.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import hangar.cli.ApiAction;
import hangar.cli.ApiClient;
import hangar.cli.JsonOption;
import hangar.cli.Nodes;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code hangar host reverify}: asks for a verify of each named host. */
@Command(
    name = "reverify",
    description =
        "Ask the scheduler to verify hosts now; a Repair Failed host that passes is Ready again.")
final class ReverifyHost extends ApiAction {
  @Mixin JsonOption output;

  @Parameters(arity = "1..*", paramLabel = "NAME", description = "The hosts' names.")
  List<String> hostnames = new ArrayList<>();

  @Override
  protected int execute(ApiClient client) {
    ArrayNode answers = ApiClient.JSON.createArrayNode();
    for (String hostname : hostnames) {
      answers.add(
          client.post(
              HostCommand.hostPath(hostname) + "/reverify", ApiClient.JSON.createObjectNode()));
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
