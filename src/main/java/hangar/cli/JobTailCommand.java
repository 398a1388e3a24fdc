package hangar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hangar job tail}: follows one entry's status log (or debug log) as it grows, wherever the
 * server finds it: on the drone running it, then on the server once copied.
 */
@Command(
    name = "tail",
    description = {
      "Follow a running job's status log (or, with --debug, autoserv's debug log) live.",
      "Prints the log from the start, then what is added, until the entry finishes.",
      "Exits 0 when the entry Completed, 1 when it Failed or was Aborted."
    })
final class JobTailCommand extends ApiAction {
  @Parameters(index = "0", paramLabel = "ID", description = "The job's id.")
  long id;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "HOST",
      description = "The host whose entry to follow (default: the job's first entry).")
  String host;

  @Option(names = "--debug", description = "Follow debug/autoserv.DEBUG instead of status.log.")
  boolean debug;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      converter = Converters.Seconds.class,
      description = "Time between two looks at the log; fractions allowed (default: 1).")
  Duration interval = Duration.ofSeconds(1);

  @Override
  protected int execute(ApiClient client) {
    if (interval.isZero()) {
      throw usage("--interval must be more than 0 seconds");
    }
    String file = debug ? "debug/autoserv.DEBUG" : "status.log";
    long offset = 0;
    boolean waitingShown = false;
    while (true) {
      JsonNode entry = entry(client.get(JobCommand.jobPath(id)));
      String status = Nodes.text(entry, "status");
      boolean finished = isFinished(status);
      String url = Nodes.text(entry, "results_url");
      if (!url.isEmpty()) {
        byte[] bytes = readFrom(client, url + file, offset);
        if (bytes.length > 0) {
          out().print(new String(bytes, StandardCharsets.UTF_8));
          out().flush();
          offset += bytes.length;
          continue; // there may be more at once
        }
      } else if (!waitingShown) {
        err()
            .println(
                "job "
                    + id
                    + " "
                    + JobWatchCommand.entryName(entry)
                    + " is "
                    + status
                    + "; waiting for it to start");
        waitingShown = true;
      }
      if (finished) {
        err().println("job " + id + " " + JobWatchCommand.entryName(entry) + ": " + status);
        return status.equals("Completed") ? OK : CliException.FAILURE;
      }
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException("interrupted while following the log; the job goes on", e);
      }
    }
  }

  /** What was added to the log since {@code offset}; nothing while it does not exist yet. */
  private static byte[] readFrom(ApiClient client, String path, long offset) {
    try {
      return client.getBytes(path + "?offset=" + offset);
    } catch (ApiException e) {
      if (e.status() == 404) {
        return new byte[0];
      }
      throw e;
    }
  }

  private JsonNode entry(JsonNode job) {
    JsonNode first = null;
    for (JsonNode entry : job.path("entries")) {
      if (host == null || host.equalsIgnoreCase(Nodes.text(entry, "host"))) {
        if (first == null) {
          first = entry;
        }
      }
    }
    if (first == null) {
      throw new CliException(
          "job " + id + " has no entry on host " + host + "; see 'hangar job stat " + id + "'");
    }
    return first;
  }

  private static boolean isFinished(String status) {
    return status.equals("Completed")
        || status.equals("Failed")
        || status.equals("Aborted")
        || status.equals("Stopped");
  }
}
