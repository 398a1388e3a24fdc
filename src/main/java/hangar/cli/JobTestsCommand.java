package hangar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hangar job tests}: a job's parsed results from the results database, one row per test of
 * each results folder, with {@code --perf} each iteration's measurements too.
 */
@Command(
    name = "tests",
    description = {
      "Show a job's tests as the results database holds them: each host's (or group's) tests with"
          + " status, kernel and reason, once the scheduler parsed its status log.",
      "With --perf, also every iteration's measurements (results/keyval's {perf} values)."
    })
final class JobTestsCommand extends ApiAction {
  @Mixin JsonOption output;

  @Parameters(paramLabel = "ID", description = "The job's id.")
  long id;

  @Option(names = "--perf", description = "Also print each iteration's measurements.")
  boolean perf;

  @Override
  protected int execute(ApiClient client) {
    return printAnswer(output, client.get(JobCommand.jobPath(id) + "/tests"), this::print);
  }

  private void print(JsonNode folders) {
    if (folders.isEmpty()) {
      out()
          .println("No parsed results yet: the job's sessions have not ended, or not been parsed.");
      return;
    }
    Table table = Table.withHeaders("Folder", "Test", "Status", "Kernel", "Reason");
    List<String> measurements = new ArrayList<>();
    for (JsonNode folder : folders) {
      String name = folderName(Nodes.text(folder, "tag"));
      JsonNode results = folder.path("results");
      table.add(
          name,
          "(session)",
          Nodes.text(results, "status"),
          Nodes.text(results, "kernel"),
          Nodes.text(results, "reason"));
      for (JsonNode test : results.path("tests")) {
        table.add(
            name,
            Nodes.text(test, "name"),
            Nodes.text(test, "status"),
            Nodes.text(test, "kernel"),
            Nodes.text(test, "reason"));
        for (JsonNode iteration : test.path("iterations")) {
          measurements.add(iterationLine(name, test, iteration));
        }
      }
    }
    table.print(out());
    if (perf && !measurements.isEmpty()) {
      out().println();
      measurements.forEach(out()::println);
    }
  }

  private static String iterationLine(String folder, JsonNode test, JsonNode iteration) {
    StringBuilder line =
        new StringBuilder(folder)
            .append("  ")
            .append(Nodes.text(test, "name"))
            .append("  iteration ")
            .append(Nodes.text(iteration, "index"))
            .append(':');
    for (Map.Entry<String, JsonNode> value : iteration.path("perf").properties()) {
      line.append(' ').append(value.getKey()).append('=').append(value.getValue().asText());
    }
    return line.toString();
  }

  /** The last part of a tag, {@code board7} of {@code 12-alice/board7}. */
  private static String folderName(String tag) {
    int slash = tag.lastIndexOf('/');
    return slash < 0 ? tag : tag.substring(slash + 1);
  }
}
