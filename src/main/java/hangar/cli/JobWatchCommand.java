package hangar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hangar job watch}: polls a job and prints a line whenever one of its entries changes
 * status, until the job finishes or the timeout passes.
 */
@Command(
    name = "watch",
    description = {
      "Follow a job until it finishes, printing each entry's status changes.",
      "Exits 0 when it Completed, 1 when it Failed or was Aborted, 3 on --timeout."
    })
final class JobWatchCommand extends ApiAction {
  /** How long {@code job watch} waits between two polls unless told otherwise. */
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

  /** Exit status when the job did not finish before {@code --timeout}. */
  static final int TIMED_OUT = 3;

  @Parameters(paramLabel = "ID", description = "The job's id.")
  long id;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      converter = Converters.Seconds.class,
      description = "Give up after this long and exit 3 (default: wait until it finishes).")
  Duration timeout;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      converter = Converters.Seconds.class,
      description = "Time between two polls; fractions allowed (default: 2).")
  Duration interval = DEFAULT_INTERVAL;

  @Override
  protected int execute(ApiClient client) {
    if (interval.isZero()) {
      throw usage("--interval must be more than 0 seconds");
    }
    Clock clock = CliEnvironment.current().clock();
    Instant deadline = timeout == null ? null : clock.instant().plus(timeout);
    Map<String, String> seen = new HashMap<>();
    while (true) {
      JsonNode job = client.get(JobCommand.jobPath(id));
      printChanges(job, seen);
      String status = Nodes.text(job, "status");
      if (isFinished(status)) {
        out().println("job " + id + " finished: " + status);
        return status.equals("Completed") ? OK : CliException.FAILURE;
      }
      Instant now = clock.instant();
      if (deadline != null && !now.isBefore(deadline)) {
        err()
            .println(
                "job "
                    + id
                    + " is still "
                    + status
                    + " after "
                    + seconds(timeout)
                    + "; watch it longer with --timeout, or look at it with 'hangar job stat "
                    + id
                    + "'");
        return TIMED_OUT;
      }
      Duration pause = deadline == null ? interval : min(interval, Duration.between(now, deadline));
      sleep(pause);
    }
  }

  private void printChanges(JsonNode job, Map<String, String> seen) {
    for (JsonNode entry : job.path("entries")) {
      String key = Nodes.text(entry, "id");
      String status = Nodes.text(entry, "status");
      if (!status.equals(seen.put(key, status))) {
        out().println("job " + id + " " + entryName(entry) + ": " + status);
      }
    }
    out().flush();
  }

  /** How an entry is named to users: its host, else the label it waits on a host from. */
  static String entryName(JsonNode entry) {
    String host = Nodes.text(entry, "host");
    if (!host.isEmpty()) {
      return host;
    }
    String metaHost = Nodes.text(entry, "meta_host");
    if (!metaHost.isEmpty()) {
      return "(any " + metaHost + ")";
    }
    String group = Nodes.text(entry, "atomic_group");
    return group.isEmpty() ? "entry " + Nodes.text(entry, "id") : "(atomic group " + group + ")";
  }

  private static boolean isFinished(String status) {
    return status.equals("Completed") || status.equals("Failed") || status.equals("Aborted");
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() / 1000.0 + " s";
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while watching; the job goes on", e);
    }
  }
}
