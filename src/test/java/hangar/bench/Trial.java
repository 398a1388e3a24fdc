package hangar.bench;

import com.fasterxml.jackson.databind.JsonNode;
import hangar.testing.Polling;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One trial of the campaign: a test per host under test is submitted and starts, the fault strikes,
 * one more test is submitted during it and one after it, the tests are released, and once every
 * acknowledged job is finished (or the deadline passed) the invariants are checked. Then the lab is
 * settled for the next trial, and what that took is noted.
 */
final class Trial {
  /** How long after the fault ended every acknowledged job must be finished. */
  static final Duration FINISH_DEADLINE = Duration.ofSeconds(60);

  private static final Duration TEST_START = Duration.ofSeconds(30);
  private static final Duration SETTLE = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(200);
  // Well under the 3 s of silence after which a scheduler is taken for dead.
  private static final Duration HOLD_AT_MOST = Duration.ofMillis(1500);
  static final Set<String> FINISHED = Set.of("Completed", "Failed", "Aborted");

  /**
   * What a trial saw.
   *
   * @param number its number, from 1
   * @param fault the fault injected
   * @param took how long it ran, settling included
   * @param submitted jobs asked for
   * @param acknowledged jobs the server answered 2xx for
   * @param violations broken invariants, in words
   * @param notes what the campaign had to mend afterwards, in words
   * @param finished the acknowledged jobs that finished, by id
   */
  record Outcome(
      int number,
      Fault fault,
      Duration took,
      int submitted,
      int acknowledged,
      List<String> violations,
      List<String> notes,
      Map<Long, Finished> finished) {
    /** The same outcome with more violations, found after the trial. */
    Outcome withViolations(List<String> more) {
      List<String> all = new ArrayList<>(violations);
      all.addAll(more);
      return new Outcome(number, fault, took, submitted, acknowledged, all, notes, finished);
    }
  }

  /**
   * A job as it finished.
   *
   * @param name its name
   * @param status Completed, Failed or Aborted
   */
  record Finished(String name, String status) {}

  private final FaultLab lab;
  private final int number;
  private final Fault fault;
  private final String release;
  private final List<String> submitted = new ArrayList<>();
  private final Map<Long, String> acknowledged = new LinkedHashMap<>();
  private final Map<Long, JsonNode> last = new LinkedHashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  Trial(FaultLab lab, int number, Fault fault) {
    this.lab = lab;
    this.number = number;
    this.fault = fault;
    this.release = "trial-" + number;
  }

  Outcome run() throws IOException {
    long begin = System.nanoTime();
    notes.addAll(lab.up(fault.topology()));
    LabApi api = lab.api();
    List<String> hosts = lab.site().hosts();
    if (fault.onWorker()) {
      expect(api.enableDrone(FaultLab.LOCALHOST, false), "drain the localhost drone");
    }
    int adoptedBefore = lab.schedulers().adoptedFromOtherMachine().size();
    if (fault.duringGathering()) {
      lab.worker().paceLink(Fault.PACED_BYTES_PER_SECOND);
    }
    try {
      if (fault == Fault.MACHINE_TAKEOVER) {
        submitToOtherMachine(hosts);
      } else {
        hosts.forEach(this::submit);
      }
      if (!awaitATestRunning()) {
        violations.add("no test started within " + TEST_START + "; the fault was not injected");
      } else if (!fault.duringGathering()) {
        strike(hosts);
      } else {
        lab.site().release(release);
        if (awaitGathering()) {
          strike(hosts);
        } else {
          violations.add("no entry was Gathering within " + TEST_START + "; no fault injected");
        }
      }
    } finally {
      lab.site().release(release);
      if (fault.duringGathering()) {
        lab.worker().paceLink(0);
      }
    }
    awaitFinished();
    if (fault.onWorker()) {
      // The server may be the one recovering: asked again until it answers.
      Polling.await(
          "the localhost drone enabled again",
          SETTLE,
          POLL,
          () ->
              Optional.of(true).filter(t -> api.enableDrone(FaultLab.LOCALHOST, true).isSuccess()));
    }
    if (fault.restartsServerAfter()) {
      lab.restartServer();
    }
    violations.addAll(new TrialChecks(lab, submitted, acknowledged, last).all());
    noteTakeovers(adoptedBefore);
    settle();
    return new Outcome(
        number,
        fault,
        Duration.ofNanos(System.nanoTime() - begin),
        submitted.size(),
        acknowledged.size(),
        List.copyOf(violations),
        List.copyOf(notes),
        finishedJobs());
  }

  private Map<Long, Finished> finishedJobs() {
    Map<Long, Finished> jobs = new LinkedHashMap<>();
    acknowledged.forEach(
        (id, name) -> {
          if (isFinished(last.get(id))) {
            jobs.put(id, new Finished(name, last.get(id).path("status").asText()));
          }
        });
    return jobs;
  }

  private void strike(List<String> hosts) throws IOException {
    boolean restored = false;
    fault.inject(lab);
    try {
      submit(hosts.get(0));
      pause(fault.hold());
      fault.restore(lab);
      restored = true;
    } finally {
      if (!restored) {
        fault.restore(lab); // a failed step must not leave the lab broken for the next trials
      }
    }
    submit(hosts.get(hosts.size() > 1 ? 1 : 0));
    pause(Duration.ofSeconds(1));
  }

  /**
   * Submits one job a host while the scheduler on this machine is held, so that the one on {@link
   * OtherMachine} claims them and has entries to be taken over when it is killed; the hold ends
   * once no acknowledged job has a Queued entry left, or after {@link #HOLD_AT_MOST}.
   */
  private void submitToOtherMachine(List<String> hosts) {
    long deadline = System.nanoTime() + HOLD_AT_MOST.toNanos();
    try (LabSchedulers.Hold held = lab.schedulers().holdThisMachine()) {
      hosts.forEach(this::submit);
      while (System.nanoTime() < deadline && anyQueued()) {
        pause(Duration.ofMillis(50));
      }
    }
  }

  private boolean anyQueued() {
    for (long id : acknowledged.keySet()) {
      LabApi.Answer answer = lab.api().job(id);
      if (!answer.isSuccess()) {
        return true;
      }
      for (JsonNode entry : answer.json().path("entries")) {
        if ("Queued".equals(entry.path("status").asText())) {
          return true;
        }
      }
    }
    return false;
  }

  private void submit(String host) {
    String name = "f" + number + "-" + (submitted.size() + 1);
    submitted.add(name);
    // One bulky test a trial is enough to make copying its results last.
    int bytes = fault.duringGathering() && submitted.size() == 1 ? Fault.BULK_BYTES : 0;
    LabApi.Answer answer =
        lab.api().createJob(name, lab.site().controlFile(name, release, bytes), host);
    if (answer.isSuccess()) {
      acknowledged.put(answer.json().get("id").asLong(), name);
    }
  }

  private boolean awaitATestRunning() {
    try {
      Polling.await(
          "a test of trial " + number + " to run",
          TEST_START,
          POLL,
          () -> submitted.stream().filter(n -> Files.exists(lab.site().runs(n))).findFirst());
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  /** Waits until an entry of an acknowledged job is Gathering; false if none was in time. */
  private boolean awaitGathering() {
    long deadline = System.nanoTime() + TEST_START.toNanos();
    while (System.nanoTime() < deadline) {
      for (long id : acknowledged.keySet()) {
        LabApi.Answer answer = lab.api().job(id);
        if (answer.isSuccess()) {
          for (JsonNode entry : answer.json().path("entries")) {
            if ("Gathering".equals(entry.path("status").asText())) {
              return true;
            }
          }
        }
      }
      pause(Duration.ofMillis(50));
    }
    return false;
  }

  /**
   * Notes how many entries the scheduler on this machine took over from the one on the other, so
   * that the table shows whether a takeover trial had any to take.
   */
  private void noteTakeovers(int before) {
    if (fault != Fault.MACHINE_TAKEOVER) {
      return;
    }
    List<Integer> adopted = lab.schedulers().adoptedFromOtherMachine();
    int entries = adopted.stream().skip(before).mapToInt(Integer::intValue).sum();
    notes.add("took over " + entries + " entries from " + OtherMachine.NAME);
  }

  /** Waits for every acknowledged job to finish; one that does not is a violation. */
  private void awaitFinished() {
    long deadline = System.nanoTime() + FINISH_DEADLINE.toNanos();
    while (true) {
      boolean all = true;
      for (long id : acknowledged.keySet()) {
        if (isFinished(last.get(id))) {
          continue;
        }
        LabApi.Answer answer = lab.api().job(id);
        if (answer.isSuccess()) {
          last.put(id, answer.json());
        }
        all &= isFinished(last.get(id));
      }
      if (all) {
        return;
      }
      if (System.nanoTime() > deadline) {
        break;
      }
      pause(POLL);
    }
    for (var job : acknowledged.entrySet()) {
      JsonNode seen = last.get(job.getKey());
      if (!isFinished(seen)) {
        violations.add(
            "job "
                + job.getKey()
                + " ("
                + job.getValue()
                + ") not finished "
                + FINISH_DEADLINE.toSeconds()
                + " s after the fault: "
                + describe(seen));
      }
    }
  }

  /** Puts the lab back in order for the next trial, noting what that took. */
  private void settle() throws IOException {
    lab.heal().forEach(n -> notes.add("settle: " + n));
    for (var job : acknowledged.entrySet()) {
      if (!isFinished(last.get(job.getKey()))) {
        lab.api().abort(job.getKey());
        notes.add("settle: job " + job.getKey() + " aborted");
      }
    }
    long deadline = System.nanoTime() + SETTLE.toNanos();
    Map<String, String> notReady = Map.of();
    Set<String> reverified = new java.util.HashSet<>();
    while (System.nanoTime() < deadline) {
      notReady = hostsNotReady();
      if (notReady.isEmpty()) {
        return;
      }
      // Once per host: a verify takes seconds, and asking again meanwhile only queues more.
      notReady.forEach(
          (host, status) -> {
            if ("Repair Failed".equals(status) && reverified.add(host)) {
              lab.api().reverify(host);
              notes.add("settle: host " + host + " verified again after Repair Failed");
            }
          });
      pause(Duration.ofMillis(500));
    }
    notReady.forEach((host, status) -> notes.add("settle: host " + host + " left " + status));
  }

  private Map<String, String> hostsNotReady() {
    Map<String, String> notReady = new LinkedHashMap<>();
    LabApi.Answer listed = lab.api().hosts();
    if (!listed.isSuccess()) {
      notReady.put("(all)", "unreadable: " + listed.status());
      return notReady;
    }
    for (JsonNode host : listed.json()) {
      if (!"Ready".equals(host.path("status").asText())) {
        notReady.put(host.path("hostname").asText(), host.path("status").asText());
      }
    }
    return notReady;
  }

  private static boolean isFinished(JsonNode job) {
    return job != null && FINISHED.contains(job.path("status").asText());
  }

  private static String describe(JsonNode job) {
    if (job == null) {
      return "never read";
    }
    StringBuilder text = new StringBuilder(job.path("status").asText());
    for (JsonNode entry : job.path("entries")) {
      text.append("; entry ")
          .append(entry.path("id").asText())
          .append(" on ")
          .append(entry.path("host").asText())
          .append(" ")
          .append(entry.path("status").asText())
          .append(" drone=")
          .append(entry.path("drone").asText());
      if (!entry.path("reason").asText().isEmpty()) {
        text.append(" (").append(entry.path("reason").asText()).append(")");
      }
    }
    return text.toString();
  }

  private static void expect(LabApi.Answer answer, String what) {
    if (!answer.isSuccess()) {
      throw new IllegalStateException(
          "could not " + what + ": " + answer.status() + " " + answer.body());
    }
  }

  /** Paces the trial: the fault lasts a set time, not until an event. */
  static void pause(Duration time) {
    try {
      Thread.sleep(time);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
