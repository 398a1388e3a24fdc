package hangar.scheduler;

import hangar.drone.Drone;
import hangar.drone.LocalDrone;
import hangar.drone.SessionState;
import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import hangar.lab.Job;
import hangar.store.HostQueueEntryStore;
import hangar.store.JobStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carries each active entry one step with what its drone reported, up to its finish. */
final class Follower {
  private static final Logger LOG = LoggerFactory.getLogger(Follower.class);

  private final String name;
  private final JobStore jobs;
  private final HostQueueEntryStore entries;
  private final DroneFleet fleet;
  private final ResultsTransfer transfer;
  private final ResultsParsing parsing;
  private final SchedulerMetrics metrics;
  private final SessionLauncher launcher;
  private final Finisher finisher;
  private final DroneCalls calls = new DroneCalls();

  Follower(DispatcherDeps deps, SessionLauncher launcher, Finisher finisher) {
    this.name = deps.name();
    this.jobs = deps.jobs();
    this.entries = deps.entries();
    this.fleet = deps.fleet();
    this.transfer = deps.transfer();
    this.parsing = deps.parsing();
    this.metrics = deps.metrics();
    this.launcher = launcher;
    this.finisher = finisher;
  }

  /**
   * Carries each active entry one step with what the drone reported: Starting entries the drone has
   * become Running (or are started again when it has not), ended sessions finish their entries. The
   * changes go to the database and the drone in batches.
   */
  void follow(Map<String, SessionState> sessions, Set<String> silent) {
    finisher.forgetAgain();
    List<HostQueueEntry> reached = new ArrayList<>();
    List<HostQueueEntry> startAgain = new ArrayList<>();
    List<HostQueueEntry> ended = new ArrayList<>();
    List<HostQueueEntry> parse = new ArrayList<>();
    List<HostQueueEntry> parsed = new ArrayList<>();
    List<HostQueueEntry> gathering = new ArrayList<>();
    List<HostQueueEntry> lost = new ArrayList<>();
    Set<Long> elsewhere = strandElsewhere();
    for (HostQueueEntry entry : entries.activeFor(name)) {
      if (elsewhere.contains(entry.id())) {
        continue;
      }
      if (entry.drone() != null && silent.contains(entry.drone())) {
        // Its drone did not answer: nothing is known of its session this tick; once the drone
        // stayed silent past drone_lost_after_secs, the session is given up.
        if (fleet.isLost(entry.drone()) && onDrone(entry.status())) {
          lost.add(entry);
        }
        continue;
      }
      SessionState session = sessions.get(SessionIds.sessionId(entry));
      Drone drone = fleet.get(entry.drone());
      switch (entry.status()) {
        case STARTING -> {
          if (session != null) {
            reached.add(entry);
          } else if (entry.aborted()) {
            if (entries.finish(
                entry, EntryStatus.STARTING, EntryStatus.ABORTED, "aborted by user")) {
              metrics.abortedBeforeStart(entry);
            }
          } else {
            // Its start may not have reached the drone (a crash or a drone that did not answer).
            startAgain.add(entry);
          }
        }
        case RUNNING -> {
          if (session != null && !session.running() && drone != null) {
            parse.add(entry);
          } else if (session == null || !session.running()) {
            ended.add(entry);
          } else if (entry.aborted() && drone != null) {
            LOG.debug("job={} hqe={} abort asked; stopping its session", entry.jobId(), entry.id());
            calls.run(drone.name(), "abort sessions", () -> drone.abort(session.sessionId()));
          }
        }
        case PARSING -> (session == null || drone == null ? ended : parsed).add(entry);
        case GATHERING -> (session == null || drone == null ? ended : gathering).add(entry);
        case VERIFYING -> {
          // Its verify or cleanup is a special task, followed by SpecialTasks.
        }
        case PENDING -> {
          // Waits for the rest of its group; see GroupStarter.
        }
        default ->
            LOG.warn(
                "job={} hqe={} is {}, which this scheduler does not drive yet; left alone",
                entry.jobId(),
                entry.id(),
                entry.status());
      }
    }
    entries.transitionAll(reached, EntryStatus.STARTING, EntryStatus.RUNNING);
    launcher.launch(startAgain, jobs.jobs(EntryViews.jobIds(startAgain)));
    List<HostQueueEntry> gather = new ArrayList<>();
    for (HostQueueEntry entry : parseStep(parse, parsed)) {
      (needsGathering(entry) ? gather : ended).add(entry);
    }
    gathering.addAll(toGathering(gather));
    ended.addAll(copied(gathering));
    finisher.finishEnded(ended, sessions);
    finisher.giveUp(lost);
  }

  /**
   * Fails this scheduler's entries whose session is on another machine's {@code localhost} drone
   * (adopted from a scheduler there), before anything asks this machine's drone of the same name.
   *
   * @return the ids of every such entry, for the rest of the tick to leave alone
   */
  private Set<Long> strandElsewhere() {
    List<Map.Entry<HostQueueEntry, String>> away =
        entries.elsewhere(name, LocalDrone.NAME, fleet.machine());
    if (away.isEmpty()) {
      return Set.of();
    }
    finisher.strand(away.stream().filter(e -> onDrone(e.getKey().status())).toList());
    Set<Long> ids = new HashSet<>();
    away.forEach(e -> ids.add(e.getKey().id()));
    return ids;
  }

  /**
   * Moves entries whose session ended to Parsing, and returns those (of these and the ones already
   * Parsing) whose results are in the results database. Without a parser, every ended entry goes on
   * at once, still Running.
   */
  private List<HostQueueEntry> parseStep(List<HostQueueEntry> ended, List<HostQueueEntry> parsing) {
    if (this.parsing == null) {
      return ended;
    }
    Set<Long> moved = entries.transitionAll(ended, EntryStatus.RUNNING, EntryStatus.PARSING);
    List<HostQueueEntry> all = new ArrayList<>(parsing);
    for (HostQueueEntry entry : ended) {
      if (moved.contains(entry.id())) {
        LOG.info(
            "job={} hqe={} host={} parsing: its status log, on drone {}",
            entry.jobId(),
            entry.id(),
            entry.hostname(),
            entry.drone());
        all.add(EntryViews.asStatus(entry, EntryStatus.PARSING));
      }
    }
    List<HostQueueEntry> done = new ArrayList<>();
    if (all.isEmpty()) {
      return done;
    }
    Map<Long, Job> jobsById = jobs.jobs(EntryViews.jobIds(all));
    for (HostQueueEntry entry : all) {
      String relative = SessionIds.relativeResults(jobsById.get(entry.jobId()), entry);
      if (this.parsing.poll(fleet.get(entry.drone()), relative, entry.jobId())
          == ResultsParsing.State.DONE) {
        done.add(entry);
      }
    }
    return done;
  }

  /** Moves entries (Running or Parsing) to Gathering; returns those moved, as they now are. */
  private List<HostQueueEntry> toGathering(List<HostQueueEntry> gather) {
    Set<Long> moved = new HashSet<>();
    for (EntryStatus from : List.of(EntryStatus.RUNNING, EntryStatus.PARSING)) {
      List<HostQueueEntry> some = gather.stream().filter(e -> e.status() == from).toList();
      if (!some.isEmpty()) {
        moved.addAll(entries.transitionAll(some, from, EntryStatus.GATHERING));
      }
    }
    List<HostQueueEntry> now = new ArrayList<>();
    for (HostQueueEntry entry : gather) {
      if (moved.contains(entry.id())) {
        LOG.info(
            "job={} hqe={} host={} gathering: copying its results from drone {}",
            entry.jobId(),
            entry.id(),
            entry.hostname(),
            entry.drone());
        now.add(EntryViews.asStatus(entry, EntryStatus.GATHERING));
      }
    }
    return now;
  }

  /** The Gathering entries whose results copy is verified, so they can finish. */
  private List<HostQueueEntry> copied(List<HostQueueEntry> gathering) {
    List<HostQueueEntry> done = new ArrayList<>();
    if (gathering.isEmpty()) {
      return done;
    }
    Map<Long, Job> jobsById = jobs.jobs(EntryViews.jobIds(gathering));
    for (HostQueueEntry entry : gathering) {
      String relative = SessionIds.relativeResults(jobsById.get(entry.jobId()), entry);
      if (transfer.poll(fleet.get(entry.drone()), relative) == ResultsTransfer.State.VERIFIED) {
        done.add(entry);
      }
    }
    return done;
  }

  /** True for the statuses whose entry has (or is getting) a session on its drone. */
  private static boolean onDrone(EntryStatus status) {
    return status == EntryStatus.STARTING
        || status == EntryStatus.RUNNING
        || status == EntryStatus.PARSING
        || status == EntryStatus.GATHERING;
  }

  /**
   * True when the entry's results must be copied before it finishes: from its drone's own folder,
   * or on to a results host on another machine.
   */
  private boolean needsGathering(HostQueueEntry entry) {
    Drone drone = fleet.get(entry.drone());
    return drone != null && (drone.resultsRoot().isPresent() || transfer.toResultsHost());
  }
}
