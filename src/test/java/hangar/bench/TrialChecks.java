package hangar.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import hangar.testing.MarkedProcesses;
import hangar.testing.Polling;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The invariants a {@link Trial} checks once its jobs finished (or its deadline passed): no test
 * ran twice, every acknowledged job still there as it was seen, no host held without an active
 * entry, no process left behind. Each broken one is a violation, in words.
 */
final class TrialChecks {
  private static final Duration SETTLE = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Set<String> HELD = Set.of("Running", "Pending");
  private static final Set<String> NOT_ACTIVE =
      Set.of("Queued", "Completed", "Failed", "Aborted", "Stopped");

  private final FaultLab lab;
  private final List<String> submitted;
  private final Map<Long, String> acknowledged;
  private final Map<Long, JsonNode> last;
  private final List<String> violations = new ArrayList<>();

  /**
   * @param submitted the names of the jobs asked for
   * @param acknowledged the jobs the server answered 2xx for: name by id
   * @param last each acknowledged job as last read
   */
  TrialChecks(
      FaultLab lab,
      List<String> submitted,
      Map<Long, String> acknowledged,
      Map<Long, JsonNode> last) {
    this.lab = lab;
    this.submitted = submitted;
    this.acknowledged = acknowledged;
    this.last = last;
  }

  /** Runs every check; returns the violations. */
  List<String> all() throws IOException {
    checkRuns();
    checkAcknowledged();
    checkHosts();
    checkOrphans();
    return List.copyOf(violations);
  }

  private void checkRuns() throws IOException {
    for (String name : submitted) {
      long runs =
          Files.exists(lab.site().runs(name))
              ? Files.readAllLines(lab.site().runs(name), UTF_8).size()
              : 0;
      if (runs > 1) {
        violations.add("the test of " + name + " ran " + runs + " times");
      }
    }
    for (var job : acknowledged.entrySet()) {
      JsonNode seen = last.get(job.getKey());
      if (seen != null
          && "Completed".equals(seen.path("status").asText())
          && !Files.exists(lab.site().runs(job.getValue()))) {
        violations.add(
            "job " + job.getKey() + " (" + job.getValue() + ") Completed but its test never ran");
      }
    }
  }

  private void checkAcknowledged() {
    for (var job : acknowledged.entrySet()) {
      LabApi.Answer answer =
          Polling.await(
              "the server to answer for job " + job.getKey(),
              SETTLE,
              POLL,
              () -> Optional.of(lab.api().job(job.getKey())).filter(a -> a.status() != 0));
      if (answer.status() == 404) {
        violations.add(
            "acknowledged job " + job.getKey() + " (" + job.getValue() + ") is gone: 404");
      } else if (!answer.isSuccess()) {
        violations.add(
            "acknowledged job "
                + job.getKey()
                + " unreadable: "
                + answer.status()
                + " "
                + answer.body());
      } else if (isFinished(last.get(job.getKey()))
          && !last.get(job.getKey())
              .path("status")
              .asText()
              .equals(answer.json().path("status").asText())) {
        violations.add(
            "job "
                + job.getKey()
                + " ("
                + job.getValue()
                + ") finished "
                + last.get(job.getKey()).path("status").asText()
                + " and is "
                + answer.json().path("status").asText()
                + " now");
      } else if (!job.getValue().equals(answer.json().path("name").asText())) {
        violations.add(
            "acknowledged job "
                + job.getKey()
                + " is now named '"
                + answer.json().path("name").asText()
                + "', not "
                + job.getValue());
      }
    }
  }

  /** A host Running or Pending must have an active entry; a moment is allowed to catch up. */
  private void checkHosts() {
    List<String> stuck = List.of();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    do {
      stuck = hostsHeldWithoutEntry();
      if (stuck.isEmpty()) {
        return;
      }
      Trial.pause(POLL);
    } while (System.nanoTime() < deadline);
    violations.addAll(stuck);
  }

  private List<String> hostsHeldWithoutEntry() {
    List<String> stuck = new ArrayList<>();
    LabApi.Answer listed = lab.api().hosts();
    if (!listed.isSuccess()) {
      return List.of("hosts unreadable: " + listed.status() + " " + listed.body());
    }
    for (JsonNode host : listed.json()) {
      String status = host.path("status").asText();
      if (!HELD.contains(status)) {
        continue;
      }
      String name = host.path("hostname").asText();
      LabApi.Answer detail = lab.api().host(name);
      if (!detail.isSuccess()) {
        stuck.add("host " + name + " unreadable: " + detail.status());
        continue;
      }
      boolean active = false;
      for (JsonNode entry : detail.json().path("entries")) {
        active |= !NOT_ACTIVE.contains(entry.path("status").asText());
      }
      if (!active) {
        stuck.add("host " + name + " is " + status + " with no active entry");
      }
    }
    return stuck;
  }

  private void checkOrphans() {
    List<MarkedProcesses.Found> tests = List.of();
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    do {
      tests = MarkedProcesses.withMarker(lab.site().sessionMarker());
      if (tests.isEmpty()) {
        break;
      }
      Trial.pause(POLL);
    } while (System.nanoTime() < deadline);
    tests.forEach(p -> violations.add("a test's process outlived its job: " + p));
    Set<Long> own = lab.ownPids();
    for (MarkedProcesses.Found process : MarkedProcesses.withMarker(lab.site().dir().toString())) {
      if (!process.commandLine().contains(lab.site().sessionMarker())
          && !MarkedProcesses.isBelow(process.pid(), own)
          && ProcessHandle.of(process.pid()).isPresent()) {
        violations.add("a process of the lab was left behind: " + process);
      }
    }
  }

  private static boolean isFinished(JsonNode job) {
    return job != null && Trial.FINISHED.contains(job.path("status").asText());
  }
}
