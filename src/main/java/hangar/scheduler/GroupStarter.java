package hangar.scheduler;

import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import hangar.store.GroupStore;
import hangar.store.HostQueueEntryStore;
import hangar.store.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the groups of synchronous and atomic group jobs whose Pending entries are enough. */
final class GroupStarter {
  private static final Logger LOG = LoggerFactory.getLogger(GroupStarter.class);

  private final String name;
  private final JobStore jobs;
  private final HostQueueEntryStore entries;
  private final DroneFleet fleet;
  private final Throttles throttles;
  private final Clock clock;
  private final SchedulerMetrics metrics;
  private final SessionLauncher launcher;

  GroupStarter(DispatcherDeps deps, SessionLauncher launcher) {
    this.name = deps.name();
    this.jobs = deps.jobs();
    this.entries = deps.entries();
    this.fleet = deps.fleet();
    this.throttles = deps.throttles();
    this.clock = deps.clock();
    this.metrics = deps.metrics();
    this.launcher = launcher;
  }

  /**
   * Starts the groups of synchronous jobs whose Pending entries are enough, at most as many as the
   * drones have room for (each is one session on the drone; the rest start on a later tick), and
   * gives up on those that can no longer gather enough or waited longer than {@code
   * secs_to_wait_for_atomic_group_hosts}. The rest say why they wait.
   *
   * @return how many group sessions were sent to the drone
   */
  int formGroups(DroneFleet.Poll poll) {
    int room =
        throttles.freeSlots(
            throttles.maxProcessesPerDrone()
                - fleet.freeSlots(poll, throttles.maxProcessesPerDrone()),
            0);
    GroupStore groups = entries.groups();
    for (HostQueueEntry entry : groups.abortPending()) {
      metrics.finished(entry, EntryStatus.ABORTED);
      LOG.info("job={} hqe={} aborted while pending", entry.jobId(), entry.id());
    }
    Instant now = clock.instant();
    List<HostQueueEntry> starting = new ArrayList<>();
    Map<Long, String> waits = new HashMap<>();
    int groupsStarted = 0;
    for (GroupStore.PendingJob job : groups.pendingJobs()) {
      if (job.atomic()) {
        groupsStarted +=
            startAtomicGroup(job, poll, now, groupsStarted < room, starting, waits) ? 1 : 0;
        continue;
      }
      int size = job.synchCount();
      List<HostQueueEntry> pending = job.pending();
      int next = SessionIds.nextGroup(job.groups());
      int used = 0;
      while (pending.size() - used >= size && groupsStarted < room) {
        List<String> drone = fleet.assign(1, poll, throttles.maxProcessesPerDrone());
        if (drone.isEmpty()) {
          break;
        }
        List<HostQueueEntry> members = pending.subList(used, used + size);
        String subdir = "group" + next++;
        used += size;
        if (groups.startGroup(members, subdir, drone.get(0), name)) {
          groupsStarted++;
          LOG.info(
              "job={} group {} of {} hosts starts: {}",
              job.jobId(),
              subdir,
              size,
              members.stream().map(HostQueueEntry::hostname).toList());
          members.forEach(e -> starting.add(EntryViews.asStarting(e, subdir, drone.get(0))));
        }
      }
      waitOrStop(job, pending.subList(used, pending.size()), used, now, waits);
    }
    groups.explainWaits(waits);
    launcher.launch(starting, jobs.jobs(EntryViews.jobIds(starting)));
    return groupsStarted;
  }

  /**
   * The Pending entries of a synchronous job left after its groups of this tick started: they wait
   * for a drone slot or for more hosts, or the job is stopped when it can no longer gather a group
   * or waited too long.
   *
   * @param used how many of the job's Pending entries went into groups this tick
   */
  private void waitOrStop(
      GroupStore.PendingJob job,
      List<HostQueueEntry> left,
      int used,
      Instant now,
      Map<Long, String> waits) {
    if (left.isEmpty()) {
      return;
    }
    int size = job.synchCount();
    if (left.size() >= size) {
      // A whole group is ready; the drone has no room for its session this tick.
      String full = "waiting for a free drone slot to start a group of " + size;
      left.stream().filter(e -> !full.equals(e.reason())).forEach(e -> waits.put(e.id(), full));
      return;
    }
    int possible = job.stillPossible() - used;
    Duration waited = Duration.between(job.waitingSince(), now);
    String reason = null;
    if (possible < size) {
      reason =
          "job needs "
              + size
              + " hosts together; only "
              + possible
              + (possible == 1 ? " of its entries is" : " of its entries are")
              + " left to get one";
    } else if (waited.compareTo(throttles.groupWait()) >= 0) {
      reason =
          "waited "
              + waited.toSeconds()
              + " s (secs_to_wait_for_atomic_group_hosts) for "
              + size
              + " hosts ready together; only "
              + left.size()
              + " were: "
              + left.stream().map(HostQueueEntry::hostname).toList();
    }
    if (reason != null) {
      int stopped = entries.groups().stop(job.jobId(), reason);
      LOG.info("job={} stopped ({} entries): {}", job.jobId(), stopped, reason);
      return;
    }
    int missing = size - left.size();
    String why =
        "waiting for "
            + missing
            + (missing == 1 ? " more host" : " more hosts")
            + " to start a group of "
            + size
            + " ("
            + left.size()
            + " ready: "
            + String.join(", ", left.stream().map(HostQueueEntry::hostname).toList())
            + ")";
    left.stream().filter(e -> !why.equals(e.reason())).forEach(e -> waits.put(e.id(), why));
  }

  /**
   * Starts, keeps waiting or stops an atomic group job, as {@link AtomicGroupWait} decides; once
   * its group started, its entries that did not join it are stopped.
   *
   * @param room whether the drones may take one more session this tick
   * @return true when its group was sent to start
   */
  private boolean startAtomicGroup(
      GroupStore.PendingJob job,
      DroneFleet.Poll poll,
      Instant now,
      boolean room,
      List<HostQueueEntry> starting,
      Map<Long, String> waits) {
    AtomicGroupWait.Step step = AtomicGroupWait.decide(job, now, throttles.groupWait());
    String why;
    switch (step) {
      case AtomicGroupWait.Stop stop -> {
        int stopped = entries.groups().stop(job.jobId(), stop.reason());
        LOG.info("job={} stopped ({} entries): {}", job.jobId(), stopped, stop.reason());
        return false;
      }
      case AtomicGroupWait.Wait wait -> why = wait.reason();
      case AtomicGroupWait.Start start -> {
        List<String> drone =
            room ? fleet.assign(1, poll, throttles.maxProcessesPerDrone()) : List.of();
        if (!drone.isEmpty() && startGroupOf(job, start.members(), drone.get(0), starting)) {
          return true;
        }
        why =
            "waiting for a free drone slot to start the atomic group of " + start.members().size();
      }
    }
    for (HostQueueEntry e : job.pending()) {
      if (!why.equals(e.reason())) {
        waits.put(e.id(), why);
      }
    }
    return false;
  }

  private boolean startGroupOf(
      GroupStore.PendingJob job,
      List<HostQueueEntry> members,
      String drone,
      List<HostQueueEntry> starting) {
    String subdir = "group" + SessionIds.nextGroup(job.groups());
    if (!entries.groups().startGroup(members, subdir, drone, name)) {
      return false;
    }
    List<String> names = members.stream().map(HostQueueEntry::hostname).toList();
    LOG.info(
        "job={} atomic group {} of {} hosts starts: {}", job.jobId(), subdir, names.size(), names);
    members.forEach(e -> starting.add(EntryViews.asStarting(e, subdir, drone)));
    if (job.stillPossible() > members.size()) {
      int stopped =
          entries
              .groups()
              .stop(
                  job.jobId(),
                  "not needed: the atomic group job started without this host, on "
                      + String.join(", ", names));
      LOG.info("job={} {} entries left out of its atomic group stopped", job.jobId(), stopped);
    }
    return true;
  }
}
