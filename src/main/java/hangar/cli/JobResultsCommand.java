package hangar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hangar job results}: lists a job's results folder, or prints one of its files, wherever
 * the server finds it (results repository, drone or archive).
 */
@Command(
    name = "results",
    description = {
      "List a job's results folder, or print one of its files.",
      "Without PATH, lists the folder --depth levels deep. A PATH ending in / lists that"
          + " folder; any other PATH prints that file."
    })
final class JobResultsCommand extends ApiAction {
  /** How many folder levels a listing shows unless told otherwise. */
  static final int DEFAULT_DEPTH = 4;

  @Parameters(index = "0", paramLabel = "ID", description = "The job's id.")
  long id;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "PATH",
      description =
          "A file or folder (ending in /) inside the job's folder, for example localhost/status.log.")
  String path;

  @Option(
      names = "--depth",
      paramLabel = "DEPTH",
      description = "How many folder levels to list (default: " + DEFAULT_DEPTH + ").")
  int depth = DEFAULT_DEPTH;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the file's bytes to FILE instead of printing them.")
  Path output;

  @Override
  protected int execute(ApiClient client) {
    checkPositive("--depth", depth);
    String relative = relativePath();
    if (output != null && (relative.isEmpty() || relative.endsWith("/"))) {
      throw usage("--output needs the PATH of a file, not a folder");
    }
    JsonNode job = client.get(JobCommand.jobPath(id));
    String folder = JobCommand.resultsPath(job) + relative;
    if (relative.isEmpty() || relative.endsWith("/")) {
      out().println("Results of job " + id + " at " + client.urlOf(folder));
      Table table = Table.withHeaders("Path", "Size");
      list(client, folder, "", depth, table);
      table.print(out());
      return OK;
    }
    byte[] bytes = client.getBytes(folder);
    if (output != null) {
      write(bytes);
    } else {
      out().print(new String(bytes, StandardCharsets.UTF_8));
    }
    return OK;
  }

  private void list(ApiClient client, String folder, String prefix, int levels, Table table) {
    for (JsonNode entry : client.get(folder).path("entries")) {
      String name = Nodes.text(entry, "name");
      if (entry.path("directory").asBoolean(false)) {
        table.add(prefix + name + "/", "");
        if (levels > 1) {
          list(
              client,
              folder + ApiClient.segment(name) + "/",
              prefix + name + "/",
              levels - 1,
              table);
        }
      } else {
        table.add(prefix + name, Nodes.text(entry, "size"));
      }
    }
  }

  // The server refuses paths that leave the folder too; refusing here says why without a request.
  private String relativePath() {
    if (path == null) {
      return "";
    }
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..") || segment.equals(".")) {
        throw usage("PATH '" + path + "' must stay inside the job's results folder");
      }
      if (!segment.isEmpty()) {
        segments.add(ApiClient.segment(segment));
      }
    }
    String joined = String.join("/", segments);
    return path.endsWith("/") && !joined.isEmpty() ? joined + "/" : joined;
  }

  private void write(byte[] bytes) {
    try {
      Files.write(output, bytes);
    } catch (IOException e) {
      throw new CliException("cannot write " + output + ": " + e.getMessage(), e);
    }
    out().println("Wrote " + bytes.length + " bytes to " + output);
  }
}
