package hangar.scheduler;

import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostPool;
import hangar.lab.HostQueueEntry;
import hangar.lab.Job;
import hangar.lab.JobNeeds;
import hangar.lab.SpecialTaskType;
import hangar.store.HostQueueEntryStore;
import hangar.store.JobStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks hosts for queued entries, within the throttles, claims them and starts their sessions. */
final class QueueStarter {
  private static final Logger LOG = LoggerFactory.getLogger(QueueStarter.class);

  private final String name;
  private final JobStore jobs;
  private final HostQueueEntryStore entries;
  private final DroneFleet fleet;
  private final Throttles throttles;
  private final SchedulerMetrics metrics;
  private final SpecialTasks specialTasks;
  private final LabCache lab;
  private final SessionLauncher launcher;

  QueueStarter(DispatcherDeps deps, LabCache lab, SessionLauncher launcher) {
    this.name = deps.name();
    this.jobs = deps.jobs();
    this.entries = deps.entries();
    this.fleet = deps.fleet();
    this.throttles = deps.throttles();
    this.metrics = deps.metrics();
    this.specialTasks = deps.specialTasks();
    this.lab = lab;
    this.launcher = launcher;
  }

  /** Starts what the queue and the throttles allow this tick, highest priority first. */
  void startQueued(DroneFleet.Poll poll) {
    long inLab = throttles.limitsTheLab() ? entries.countActive() : 0;
    int room = fleet.freeSlots(poll, throttles.maxProcessesPerDrone());
    int free = throttles.freeSlots(throttles.maxProcessesPerDrone() - room, inLab);
    if (free == 0) {
      return;
    }
    List<HostQueueEntry> queued =
        metrics.timePhase("start.queue", () -> entries.queued(throttles.queueScanLimit()));
    // Kept current through the tick: a host given out below is Running for the entries after.
    HostPool pool = metrics.timePhase("start.pool", lab::refreshPool);
    Map<Long, JobNeeds> needs = metrics.timePhase("start.needs", () -> lab.refreshNeeds(queued));
    HostChoice choice = HostChoice.of(pool, needs);
    Map<Long, String> waits = new HashMap<>();
    Map<HostQueueEntry, Host> picked = new LinkedHashMap<>();
    // Entries that start a session use the drone's room; those of synchronous jobs only take a
    // host to wait Pending on, bounded by the starts allowed per tick.
    int sessions = 0;
    int holds = 0;
    for (HostQueueEntry entry : queued) {
      if (sessions >= free && holds >= throttles.maxJobsStartedPerCycle()) {
        break;
      }
      boolean synchronous = needs.get(entry.jobId()).synchronous();
      if (synchronous ? holds >= throttles.maxJobsStartedPerCycle() : sessions >= free) {
        continue;
      }
      if (entry.picksAtomicGroup()) {
        holds += expandAtomicGroup(entry, choice, picked, waits);
        continue;
      }
      Host host = choice.pick(entry);
      if (host == null) {
        recordWait(entry, choice, waits);
        continue;
      }
      choice.take(entry, host);
      picked.put(entry, host);
      if (synchronous) {
        holds++;
      } else {
        sessions++;
      }
    }
    if (!picked.isEmpty()) {
      claimAndStart(picked, needs, sessions, poll);
    }
    // Hosts get their jobs first; then the queue's reasons are written.
    metrics.timePhase("start.waits", () -> entries.explainWaits(waits));
  }

  /**
   * Claims the picked hosts for their entries, drone by drone (or hands them to a special task that
   * runs first), and starts the sessions of those claimed Starting.
   */
  private void claimAndStart(
      Map<HostQueueEntry, Host> picked,
      Map<Long, JobNeeds> needs,
      int sessions,
      DroneFleet.Poll poll) {
    Map<Long, Job> jobsById = jobs.jobs(EntryViews.jobIds(picked.keySet()));
    Map<String, List<HostQueueEntryStore.Claim>> claimsByDrone = new LinkedHashMap<>();
    Iterator<String> drones =
        fleet.assign(sessions, poll, throttles.maxProcessesPerDrone()).iterator();
    picked.forEach(
        (entry, host) -> {
          Job job = jobsById.get(entry.jobId());
          boolean synchronous = needs.get(entry.jobId()).synchronous();
          // A synchronous entry only holds its host; its group gets a drone when it starts.
          if (!synchronous && !drones.hasNext()) {
            return; // the drones filled up meanwhile; it stays queued
          }
          String drone = synchronous ? fleet.primary().name() : drones.next();
          Optional<SpecialTaskType> before =
              specialTasks == null ? Optional.empty() : SpecialTasks.beforeJob(job, host);
          if (before.isPresent()) {
            specialTasks.claimForEntry(name, entry, host, before.get(), drone);
          } else {
            claimsByDrone
                .computeIfAbsent(drone, d -> new ArrayList<>())
                .add(new HostQueueEntryStore.Claim(entry, host.id(), host.hostname(), synchronous));
          }
        });
    List<HostQueueEntryStore.Claim> claims =
        claimsByDrone.values().stream().flatMap(List::stream).toList();
    List<HostQueueEntry> claimed = new ArrayList<>();
    metrics.timePhase(
        "start.claim",
        () ->
            claimsByDrone.forEach(
                (drone, some) -> claimed.addAll(entries.claimAll(some, drone, name))));
    if (claimed.size() < claims.size()) {
      LOG.debug(
          "{} of {} claims were lost to other schedulers", claims.size() - claimed.size(), claims);
    }
    List<HostQueueEntry> starting =
        claimed.stream().filter(e -> e.status() == EntryStatus.STARTING).toList();
    claimed.stream()
        .filter(e -> e.status() == EntryStatus.PENDING)
        .forEach(
            e ->
                LOG.info(
                    "job={} hqe={} host={} pending: waits for the rest of its group",
                    e.jobId(),
                    e.id(),
                    e.hostname()));
    metrics.timePhase("start.sessions", () -> launcher.launch(starting, jobsById));
  }

  /**
   * Finds a group of hosts for an atomic group entry and expands it into one entry per host, each
   * then claimed Pending with the others of this tick; or records why it waits.
   *
   * @return how many entries now hold a host choice
   */
  private int expandAtomicGroup(
      HostQueueEntry entry,
      HostChoice choice,
      Map<HostQueueEntry, Host> picked,
      Map<Long, String> waits) {
    List<Host> group = choice.pickGroup(entry);
    if (group.isEmpty()) {
      recordWait(entry, choice, waits);
      return 0;
    }
    List<HostQueueEntry> expanded =
        entries.atomicGroups().expand(entry, group.stream().map(Host::id).toList());
    for (int i = 0; i < expanded.size(); i++) {
      choice.take(expanded.get(i), group.get(i));
      picked.put(expanded.get(i), group.get(i));
    }
    if (!expanded.isEmpty()) {
      LOG.info(
          "job={} hqe={} atomic group {} gets {} hosts: {}",
          entry.jobId(),
          entry.id(),
          entry.atomicGroup(),
          group.size(),
          group.stream().map(Host::hostname).toList());
    }
    return expanded.size();
  }

  /** Records why an entry waits, unless it already says so. */
  private void recordWait(HostQueueEntry entry, HostChoice choice, Map<Long, String> waits) {
    String why = choice.whyWaiting(entry);
    metrics.waiting(entry, why);
    if (!why.equals(entry.reason())) {
      waits.put(entry.id(), why);
    }
  }
}
