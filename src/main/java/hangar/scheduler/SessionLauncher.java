package hangar.scheduler;

import hangar.autoserv.HostChecks;
import hangar.autoserv.SessionKind;
import hangar.autoserv.SessionSpec;
import hangar.drone.Drone;
import hangar.drone.DroneRequestException;
import hangar.drone.DroneUnreachableException;
import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import hangar.lab.Job;
import hangar.store.HostQueueEntryStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends Starting entries' sessions to their drones and marks those taken Running. */
final class SessionLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(SessionLauncher.class);

  private final String name;
  private final HostQueueEntryStore entries;
  private final DroneFleet fleet;
  private final SchedulerMetrics metrics;
  private final LabCache lab;

  SessionLauncher(DispatcherDeps deps, LabCache lab) {
    this.name = deps.name();
    this.entries = deps.entries();
    this.fleet = deps.fleet();
    this.metrics = deps.metrics();
    this.lab = lab;
  }

  /**
   * Sends the Starting entries' sessions to the drone in one request and marks those it took
   * Running. An entry whose session the drone refused goes back to the queue; when the drone does
   * not answer, or refuses the whole batch, the entries stay Starting and are started again next
   * tick (the drone takes a session id once), and the other drones' batches are sent all the same.
   */
  void launch(List<HostQueueEntry> read, Map<Long, Job> jobsById) {
    List<HostQueueEntry> starting = stillClaimed(read);
    if (starting.isEmpty()) {
      return;
    }
    Map<String, List<SessionSpec>> byDrone = specs(starting, jobsById);
    Map<String, DroneRequestException> refused = new HashMap<>();
    Set<String> unsent = new HashSet<>();
    byDrone.forEach(
        (droneName, specs) -> {
          Drone drone = fleet.get(droneName);
          try {
            refused.putAll(metrics.timePhase("drone.start", () -> drone.startAll(specs)));
          } catch (DroneUnreachableException e) {
            LOG.warn(
                "drone {} did not take {} sessions; they stay Starting and are sent again next"
                    + " tick",
                droneName,
                specs.size(),
                e);
            metrics.startRefused(e);
            specs.forEach(spec -> unsent.add(spec.sessionId()));
          } catch (DroneRequestException e) {
            // The whole batch refused (a failing disk, a reply that does not fit the batch): it
            // may have started some, so none is requeued elsewhere; sent again next tick, each
            // runs at most once, and the other drones' batches go on.
            LOG.warn(
                "drone {} refused the whole batch of {} sessions; they stay Starting and are sent"
                    + " again next tick",
                droneName,
                specs.size(),
                e);
            metrics.startRefused(e);
            specs.forEach(spec -> unsent.add(spec.sessionId()));
          }
        });
    List<HostQueueEntry> taken = new ArrayList<>(starting.size());
    for (HostQueueEntry entry : starting) {
      String session = SessionIds.sessionId(entry);
      if (unsent.contains(session) || fleet.get(entry.drone()) == null) {
        continue;
      }
      DroneRequestException refusal = refused.get(session);
      if (refusal == null) {
        taken.add(entry);
        continue;
      }
      if (DroneRequestException.SESSION_FORGOTTEN.equals(refusal.code())) {
        // It ran there and its end was taken, so running it again is never right; whoever
        // followed it has finished the entry, which this guarded finish then leaves alone.
        LOG.warn(
            "job={} hqe={} drone {} already ran the session and forgot it; not started again",
            entry.jobId(),
            entry.id(),
            entry.drone(),
            refusal);
        entries.finish(
            entry,
            EntryStatus.STARTING,
            EntryStatus.FAILED,
            "drone " + entry.drone() + " already ran its session: " + refusal.getMessage());
        continue;
      }
      LOG.warn(
          "job={} hqe={} drone {} refused the session; requeued",
          entry.jobId(),
          entry.id(),
          entry.drone(),
          refusal);
      metrics.startRefused(refusal);
      entries.requeue(
          entry, "drone " + entry.drone() + " refused the session: " + refusal.getMessage());
    }
    Set<Long> running =
        metrics.timePhase(
            "start.running",
            () -> entries.transitionAll(taken, EntryStatus.STARTING, EntryStatus.RUNNING));
    for (HostQueueEntry entry : taken) {
      if (!running.contains(entry.id())) {
        continue; // aborted or adopted meanwhile; the next tick follows it as it is
      }
      metrics.started(entry.drone());
      LOG.info(
          "job={} hqe={} host={} started on drone {}",
          entry.jobId(),
          entry.id(),
          entry.hostname(),
          entry.drone());
    }
  }

  /**
   * The entries still Starting and this scheduler's now: since they were read, another scheduler
   * may have adopted them (this one was taken for dead), started and finished them.
   */
  private List<HostQueueEntry> stillClaimed(List<HostQueueEntry> read) {
    if (read.isEmpty()) {
      return read;
    }
    Set<Long> still = entries.stillStarting(read, name);
    List<HostQueueEntry> starting = new ArrayList<>(read.size());
    for (HostQueueEntry entry : read) {
      if (still.contains(entry.id())) {
        starting.add(entry);
      } else {
        LOG.info(
            "job={} hqe={} is no longer Starting for scheduler {}; its session is not sent",
            entry.jobId(),
            entry.id(),
            name);
      }
    }
    return starting;
  }

  /**
   * The sessions of the Starting entries, by drone: an entry of a group shares its session with the
   * others, one spec over all their hosts. Entries meant for a drone no longer in the fleet are
   * requeued.
   */
  private Map<String, List<SessionSpec>> specs(
      List<HostQueueEntry> starting, Map<Long, Job> jobsById) {
    Map<String, List<HostQueueEntry>> bySession = new LinkedHashMap<>();
    Map<String, List<SessionSpec>> byDrone = new LinkedHashMap<>();
    Map<Long, String> targets = lab.sshTargets();
    Map<Long, String> consoles = lab.consoleCommands();
    for (HostQueueEntry entry : starting) {
      bySession.computeIfAbsent(SessionIds.sessionId(entry), k -> new ArrayList<>()).add(entry);
    }
    bySession.forEach(
        (session, members) -> {
          HostQueueEntry first = members.get(0);
          Job job = jobsById.get(first.jobId());
          List<String> hostnames =
              members.stream()
                  .sorted(Comparator.comparing(HostQueueEntry::hostname))
                  .map(e -> targets.getOrDefault(e.hostId(), e.hostname()))
                  .toList();
          Map<String, String> sessionConsoles = new HashMap<>();
          for (HostQueueEntry member : members) {
            String console = consoles.get(member.hostId());
            if (console != null) {
              sessionConsoles.put(
                  targets.getOrDefault(member.hostId(), member.hostname()), console);
            }
          }
          Drone drone = fleet.get(first.drone());
          if (drone == null) {
            LOG.warn(
                "job={} hqe={} is meant for drone {}, which is not in drones; requeued",
                first.jobId(),
                first.id(),
                first.drone());
            members.forEach(
                e -> entries.requeue(e, "drone " + first.drone() + " is no longer in drones"));
            return;
          }
          byDrone
              .computeIfAbsent(drone.name(), d -> new ArrayList<>())
              .add(
                  new SessionSpec(
                      session,
                      job.id(),
                      job.owner(),
                      job.name(),
                      job.controlType(),
                      job.controlFile(),
                      hostnames,
                      fleet.resultsDir(drone, SessionIds.relativeResults(job, first)),
                      SessionKind.JOB,
                      HostChecks.DEFAULT,
                      sessionConsoles));
        });
    return byDrone;
  }
}
