package hangar.scheduler;

import hangar.drone.Drone;
import hangar.drone.SessionState;
import hangar.lab.HostQueueEntry;
import hangar.store.HostQueueEntryStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops and forgets the job sessions a drone still holds whose entries are no longer active: on a
 * drone given up as lost that answers again, and on every drone the first time it answers this
 * scheduler. The second case is a scheduler started again on a machine whose sessions another
 * machine's scheduler took over and failed while it was gone: they stop then, not at their end.
 */
final class LostDrones {
  private static final Logger LOG = LoggerFactory.getLogger(LostDrones.class);

  private final DroneFleet fleet;
  private final HostQueueEntryStore entries;
  // Sessions of entries given up as lost, stopped on their drone when it came back, by drone.
  private final Map<String, Set<String>> stopping = new ConcurrentHashMap<>();
  // Of those, the ones whose abort did not go through, asked again each tick.
  private final Set<String> abortAgain = ConcurrentHashMap.newKeySet();
  private final DroneCalls calls = new DroneCalls();
  // Drones that answered this scheduler at least once, and were reconciled then.
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  LostDrones(DroneFleet fleet, HostQueueEntryStore entries) {
    this.fleet = fleet;
    this.entries = entries;
  }

  /**
   * Reconciles the drones that came back since the last poll and those that answered for the first
   * time, then forgets the sessions stopped earlier that their drones now report ended.
   */
  void reconcile(DroneFleet.Poll poll) {
    Set<String> due = new HashSet<>(fleet.takeReturned());
    for (Drone drone : fleet.all()) {
      if (!poll.silent().contains(drone.name()) && seen.add(drone.name())) {
        due.add(drone.name());
      }
    }
    for (String drone : due) {
      reconcile(drone, poll.byDrone().getOrDefault(drone, List.of()));
    }
    forgetStopped(poll);
  }

  /**
   * A drone given up as lost answers again, or answers for the first time: the job sessions it
   * still has whose entries are no longer active (failed as lost, or by a scheduler on another
   * machine) are stopped, and forgotten once ended. Sessions of active entries, and special tasks,
   * are left to the usual following.
   */
  private void reconcile(String droneName, List<SessionState> held) {
    Drone drone = fleet.get(droneName);
    if (drone == null || held.isEmpty()) {
      return;
    }
    Set<String> active = new HashSet<>();
    for (HostQueueEntry entry : entries.active()) {
      active.add(SessionIds.sessionId(entry));
    }
    List<String> forget = new ArrayList<>();
    for (SessionState session : held) {
      String id = session.sessionId();
      if (!SessionIds.isJobSession(id) || active.contains(id)) {
        continue;
      }
      if (session.running()) {
        LOG.info("drone {} still runs {}, whose entry ended; stopping it", droneName, id);
        if (!calls.run(droneName, "abort sessions", () -> drone.abort(id))) {
          abortAgain.add(id);
        }
        stopping.computeIfAbsent(droneName, d -> ConcurrentHashMap.newKeySet()).add(id);
      } else {
        forget.add(id);
      }
    }
    if (!forget.isEmpty()) {
      LOG.info(
          "drone {} forgets {} ended sessions of ended entries: {}",
          droneName,
          forget.size(),
          forget);
      if (calls.call(droneName, "forget sessions", () -> drone.forgetAll(forget)) == null) {
        // Ended already: forgetStopped asks again each tick until the drone forgets them.
        stopping.computeIfAbsent(droneName, d -> ConcurrentHashMap.newKeySet()).addAll(forget);
      }
    }
  }

  /** Forgets the sessions {@link #reconcile} stopped, once their drone reports them ended. */
  private void forgetStopped(DroneFleet.Poll poll) {
    stopping.forEach(
        (droneName, ids) -> {
          List<SessionState> held = poll.byDrone().getOrDefault(droneName, List.of());
          Drone drone = fleet.get(droneName);
          if (drone == null) {
            return;
          }
          for (SessionState s : held) {
            String id = s.sessionId();
            if (s.running()
                && abortAgain.contains(id)
                && calls.run(droneName, "abort sessions", () -> drone.abort(id))) {
              abortAgain.remove(id);
            }
          }
          List<String> ended =
              held.stream()
                  .filter(s -> ids.contains(s.sessionId()) && !s.running())
                  .map(SessionState::sessionId)
                  .toList();
          if (!ended.isEmpty()
              && calls.call(droneName, "forget sessions", () -> drone.forgetAll(ended)) != null) {
            ended.forEach(ids::remove);
            ended.forEach(abortAgain::remove);
          }
        });
  }
}
