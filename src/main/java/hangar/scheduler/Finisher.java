package hangar.scheduler;

import hangar.HangarException;
import hangar.autoserv.SessionOutcome;
import hangar.drone.Drone;
import hangar.drone.SessionState;
import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import hangar.lab.Job;
import hangar.store.HostQueueEntryStore;
import hangar.store.JobStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finishes entries whose session ended, or whose drone was given up as lost, with a verdict. */
final class Finisher {
  private static final Logger LOG = LoggerFactory.getLogger(Finisher.class);
  private final DroneCalls calls = new DroneCalls();
  // Sessions of finished entries a drone failed to forget, by drone: asked again each tick.
  private final Map<String, Set<String>> unforgotten = new ConcurrentHashMap<>();

  private final String name;
  private final JobStore jobs;
  private final HostQueueEntryStore entries;
  private final DroneFleet fleet;
  private final ResultsTransfer transfer;
  private final ResultsParsing parsing;
  private final SchedulerMetrics metrics;
  private final boolean specialTasks;

  Finisher(DispatcherDeps deps) {
    this.name = deps.name();
    this.jobs = deps.jobs();
    this.entries = deps.entries();
    this.fleet = deps.fleet();
    this.transfer = deps.transfer();
    this.parsing = deps.parsing();
    this.metrics = deps.metrics();
    this.specialTasks = deps.specialTasks() != null;
  }

  /** Finishes Running entries whose session ended or is lost, then lets the drone forget them. */
  void finishEnded(List<HostQueueEntry> ended, Map<String, SessionState> sessions) {
    if (ended.isEmpty()) {
      return;
    }
    Map<Long, Job> jobsById = jobs.jobs(EntryViews.jobIds(ended));
    List<HostQueueEntryStore.Finish> finishes = new ArrayList<>();
    for (HostQueueEntry entry : ended) {
      SessionState session = sessions.get(SessionIds.sessionId(entry));
      EntryStatus status;
      String reason;
      boolean hostFailed = false;
      if (session == null) {
        status = EntryStatus.FAILED;
        reason = "drone " + entry.drone() + " lost the session";
      } else {
        SessionOutcome outcome = session.outcome();
        hostFailed = outcome.hostFailed();
        status =
            switch (outcome.verdict()) {
              case GOOD, WARN -> EntryStatus.COMPLETED;
              case ABORT -> EntryStatus.ABORTED;
              case FAIL, ERROR -> EntryStatus.FAILED;
            };
        reason = outcome.reason();
      }
      boolean clean = specialTasks && SpecialTasks.cleansAfter(jobsById.get(entry.jobId()), status);
      // A host that broke off mid-job is verified (and repaired if that fails) before its next job.
      boolean verify = specialTasks && hostFailed && status == EntryStatus.FAILED;
      finishes.add(
          new HostQueueEntryStore.Finish(
              entry, entry.status(), status, reason, clean && !verify, verify));
    }
    Set<Long> done = entries.finishAll(finishes, name);
    Map<String, Set<String>> forget = new LinkedHashMap<>();
    for (HostQueueEntryStore.Finish f : finishes) {
      HostQueueEntry entry = f.entry();
      if (!done.contains(entry.id())) {
        continue;
      }
      metrics.finished(entry, f.to());
      String session = SessionIds.sessionId(entry);
      if (sessions.containsKey(session)) {
        forget.computeIfAbsent(entry.drone(), d -> new LinkedHashSet<>()).add(session);
        afterResults(entry, f.from(), jobsById.get(entry.jobId()));
      } else {
        metrics.sessionLost();
      }
      LOG.info(
          "job={} hqe={} host={} {}{}",
          entry.jobId(),
          entry.id(),
          entry.hostname(),
          f.to().displayName(),
          f.reason() == null || f.reason().isEmpty() ? "" : ": " + f.reason());
    }
    forget.forEach(this::forget);
  }

  /**
   * Fails the entries of a drone given up as lost, with the reason, and sends their hosts to
   * verify. Their sessions are never started elsewhere: if the drone comes back, they are stopped
   * and forgotten there ({@link LostDrones}).
   */
  void giveUp(List<HostQueueEntry> lost) {
    List<HostQueueEntryStore.Finish> finishes = new ArrayList<>();
    for (HostQueueEntry entry : lost) {
      String reason =
          "drone "
              + entry.drone()
              + " lost: no answer for "
              + fleet.silentFor(entry.drone()).toSeconds()
              + " s (drone_lost_after_secs)";
      finishes.add(
          new HostQueueEntryStore.Finish(
              entry, entry.status(), EntryStatus.FAILED, reason, false, specialTasks));
    }
    fail(finishes);
  }

  /**
   * Fails adopted entries whose session another machine's {@code localhost} drone was given, each
   * with that machine: this scheduler's own {@code localhost} drone is not that one, so it neither
   * follows them nor starts them again (a Starting one may already run there). Their hosts go to
   * verify.
   */
  void strand(List<Map.Entry<HostQueueEntry, String>> elsewhere) {
    List<HostQueueEntryStore.Finish> finishes = new ArrayList<>();
    for (Map.Entry<HostQueueEntry, String> away : elsewhere) {
      HostQueueEntry entry = away.getKey();
      String reason =
          "its session is on drone "
              + entry.drone()
              + " of machine "
              + away.getValue()
              + ", which scheduler "
              + name
              + " on machine "
              + fleet.machine()
              + " cannot reach; not started again here (a scheduler starting on "
              + away.getValue()
              + " stops it if it still runs)";
      finishes.add(
          new HostQueueEntryStore.Finish(
              entry, entry.status(), EntryStatus.FAILED, reason, false, specialTasks));
    }
    fail(finishes);
  }

  private void fail(List<HostQueueEntryStore.Finish> finishes) {
    if (finishes.isEmpty()) {
      return;
    }
    Set<Long> done = entries.finishAll(finishes, name);
    for (HostQueueEntryStore.Finish f : finishes) {
      if (done.contains(f.entry().id())) {
        metrics.finished(f.entry(), EntryStatus.FAILED);
        metrics.sessionLost();
        LOG.warn(
            "job={} hqe={} host={} Failed: {}",
            f.entry().jobId(),
            f.entry().id(),
            f.entry().hostname(),
            f.reason());
      }
    }
  }

  /** Drops the parsing and copying state of a finished entry; purges a copied drone folder. */
  private void afterResults(HostQueueEntry entry, EntryStatus from, Job job) {
    Drone drone = fleet.get(entry.drone());
    if (parsing != null && from != EntryStatus.RUNNING) {
      parsing.done(drone, SessionIds.relativeResults(job, entry));
    }
    if (from == EntryStatus.GATHERING) {
      transfer.done(drone, SessionIds.relativeResults(job, entry));
      if (drone != null && drone.resultsRoot().isPresent()) {
        purge(drone, SessionIds.relativeResults(job, entry));
      }
    }
  }

  private void forget(String droneName, Set<String> ids) {
    Drone drone = fleet.get(droneName);
    if (drone == null) {
      return;
    }
    var refused = calls.call(droneName, "forget sessions", () -> drone.forgetAll(List.copyOf(ids)));
    if (refused == null) {
      unforgotten.computeIfAbsent(droneName, d -> ConcurrentHashMap.newKeySet()).addAll(ids);
      return;
    }
    Set<String> left = unforgotten.get(droneName);
    if (left != null) {
      left.removeAll(ids);
    }
    refused.forEach(
        (id, refusal) ->
            LOG.warn("drone {} kept session {}: {}", droneName, id, refusal.getMessage()));
  }

  /** Asks the drones again to forget the sessions they failed to forget when asked (each tick). */
  void forgetAgain() {
    unforgotten.forEach(
        (droneName, ids) -> {
          if (!ids.isEmpty()) {
            forget(droneName, Set.copyOf(ids));
          }
        });
  }

  /** Deletes a copied results folder from its drone, once its entry finished. */
  private static void purge(Drone drone, String relative) {
    try {
      drone.purge(relative);
    } catch (HangarException e) {
      LOG.warn(
          "drone {} kept {} after its verified copy; delete it there by hand",
          drone.name(),
          relative,
          e);
    }
  }
}
