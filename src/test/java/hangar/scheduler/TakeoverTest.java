package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.drone.LocalDrone;
import hangar.drone.SessionState;
import hangar.drone.ShellSessionRunner;
import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import hangar.store.SchedulerStore;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two machines on one: each has its own {@code localhost} drone daemon (in a folder of its own) and
 * its own scheduler, named by machine. A scheduler that takes over entries from a scheduler on the
 * other machine must not ask its own {@code localhost} drone about them.
 */
class TakeoverTest extends OneDatabaseLab {
  private static final String MACHINE_A = "machine-a";
  private static final String MACHINE_B = "machine-b";
  private static final String LONG = "sleep 120";

  private static LocalDrone droneA;
  private static LocalDrone droneB;

  @BeforeAll
  static void startDrones() {
    droneA = LocalDrone.create(dir.resolve(MACHINE_A).resolve("drone"), ShellSessionRunner.class);
    droneB = LocalDrone.create(dir.resolve(MACHINE_B).resolve("drone"), ShellSessionRunner.class);
  }

  @AfterAll
  static void stopDrones() {
    droneA.shutdown();
    droneB.shutdown();
  }

  @Test
  void entries_of_a_dead_scheduler_on_another_machine_fail_and_never_start_here() {
    TickParts a = new TickParts(database, droneA, dir.resolve(MACHINE_A), "a");
    new SchedulerStore(database, a.clock()).register(a.scheduler(), MACHINE_A, 1);
    HostQueueEntry running = a.running(a.submit(LONG, a.newHost()), LocalDrone.NAME);
    a.startSession(droneA, running, LONG);
    // Sent to machine A's drone, but the scheduler died before it saw the session Running.
    HostQueueEntry starting = a.starting(a.submit(LONG, a.newHost()), LocalDrone.NAME);
    a.startSession(droneA, starting, LONG);
    TickParts b = new TickParts(database, droneB, dir.resolve(MACHINE_B), "b");
    Dispatcher heir = dispatcherOn(MACHINE_B, b, droneB);

    b.clock().advance(heir.deadAfter().plusSeconds(1));
    heir.tickOnce();

    assertStranded(b, running);
    assertStranded(b, starting);
    assertThat(sessionIds(droneB))
        .as("nothing of machine A's runs on machine B's drone")
        .doesNotContain(SessionIds.sessionId(running), SessionIds.sessionId(starting));
    assertThat(droneA.sessions())
        .filteredOn(SessionState::running)
        .extracting(SessionState::sessionId)
        .as("machine A's sessions are not stopped from machine B")
        .contains(SessionIds.sessionId(running), SessionIds.sessionId(starting));

    // Machine A's scheduler starts again: it stops what B took over and forgets it once ended.
    TickParts back = new TickParts(database, droneA, dir.resolve(MACHINE_A), "a2");
    Dispatcher returned = dispatcherOn(MACHINE_A, back, droneA);
    hangar.testing.Polling.await(
        "machine A's drone to stop and forget the sessions machine B took over",
        () -> {
          returned.tickOnce();
          return sessionIds(droneA).stream()
                  .anyMatch(
                      id ->
                          id.equals(SessionIds.sessionId(running))
                              || id.equals(SessionIds.sessionId(starting)))
              ? java.util.Optional.empty()
              : java.util.Optional.of(true);
        });
    assertThat(back.now(running).status()).isEqualTo(EntryStatus.FAILED);
  }

  @Test
  void a_scheduler_starting_leaves_the_sessions_of_active_entries_alone() {
    TickParts a = new TickParts(database, droneA, dir.resolve(MACHINE_A), "a");
    new SchedulerStore(database, a.clock()).register(a.scheduler(), MACHINE_A, 1);
    HostQueueEntry running = a.running(a.submit(LONG, a.newHost()), LocalDrone.NAME);
    a.startSession(droneA, running, LONG);
    TickParts other = new TickParts(database, droneA, dir.resolve(MACHINE_A), "other");
    new SchedulerStore(database, other.clock()).register(other.scheduler(), MACHINE_A, 1);

    Dispatcher second = dispatcherOn(MACHINE_A, other, droneA);
    second.tickOnce();
    second.tickOnce();

    assertThat(droneA.sessions())
        .filteredOn(SessionState::running)
        .extracting(SessionState::sessionId)
        .as("a session of another scheduler's active entry runs on")
        .contains(SessionIds.sessionId(running));
    droneA.abort(SessionIds.sessionId(running));
  }

  @Test
  void entries_a_scheduler_on_another_machine_resigned_fail_when_adopted_here() {
    TickParts a = new TickParts(database, droneA, dir.resolve(MACHINE_A), "a");
    SchedulerStore schedulers = new SchedulerStore(database, a.clock());
    schedulers.register(a.scheduler(), MACHINE_A, 1);
    HostQueueEntry starting = a.starting(a.submit("exit 0", a.newHost()), LocalDrone.NAME);
    schedulers.resign(a.scheduler());
    TickParts b = new TickParts(database, droneB, dir.resolve(MACHINE_B), "b");

    dispatcherOn(MACHINE_B, b, droneB).tickOnce();

    assertStranded(b, starting);
    assertThat(sessionIds(droneB)).doesNotContain(SessionIds.sessionId(starting));
  }

  @Test
  void entries_of_a_dead_scheduler_on_the_same_machine_are_followed_to_their_end() {
    TickParts a = new TickParts(database, droneA, dir.resolve(MACHINE_A), "a");
    new SchedulerStore(database, a.clock()).register(a.scheduler(), MACHINE_A, 1);
    HostQueueEntry starting = a.starting(a.submit("exit 0", a.newHost()), LocalDrone.NAME);
    TickParts again = new TickParts(database, droneA, dir.resolve(MACHINE_A), "a");
    Dispatcher heir = dispatcherOn(MACHINE_A, again, droneA);

    again.clock().advance(heir.deadAfter().plusSeconds(1));
    HostQueueEntry done =
        hangar.testing.Polling.await(
            "entry " + starting.id() + " to finish",
            () -> {
              heir.tickOnce();
              HostQueueEntry now = again.now(starting);
              return now.status().isActive()
                  ? java.util.Optional.empty()
                  : java.util.Optional.of(now);
            });

    assertThat(done.status()).isEqualTo(EntryStatus.COMPLETED);
  }

  private static Dispatcher dispatcherOn(String machine, TickParts parts, LocalDrone drone) {
    DroneFleet fleet = DroneFleet.of(drone, parts.results());
    fleet.onMachine(machine);
    return new Dispatcher(parts.deps(fleet, new Throttles(100, 100)));
  }

  private static void assertStranded(TickParts heir, HostQueueEntry entry) {
    HostQueueEntry now = heir.now(entry);
    assertThat(now.status()).as("entry " + entry.id()).isEqualTo(EntryStatus.FAILED);
    assertThat(now.reason())
        .contains("drone localhost of machine " + MACHINE_A)
        .contains("on machine " + MACHINE_B)
        .contains("not started again");
  }

  private static List<String> sessionIds(LocalDrone drone) {
    return drone.sessions().stream().map(SessionState::sessionId).toList();
  }
}
