package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.autoserv.SessionSpec;
import hangar.autoserv.Verdict;
import hangar.config.DbType;
import hangar.drone.LocalDrone;
import hangar.drone.SessionState;
import hangar.drone.ShellSessionRunner;
import hangar.drone.WorkerDrone;
import hangar.lab.ControlType;
import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import hangar.store.Database;
import hangar.testing.DaemonLink;
import hangar.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drone given up as lost that answers again, against H2 and a real worker whose link reaches a
 * drone daemon on this machine: cutting the link makes the worker silent while its sessions go on,
 * as a pulled network cable does.
 */
class LostDronesTest {
  private static final Duration LOST_AFTER = Duration.ofSeconds(30);

  @TempDir static Path dir;

  private static Database database;
  private static LocalDrone daemon;

  private TickParts parts;
  private WorkerDrone worker;
  private DaemonLink link;
  private DispatcherDeps deps;
  private LostDrones lostDrones;

  @BeforeAll
  static void open() {
    database = TestDatabases.open(DbType.H2, dir);
    daemon = LocalDrone.create(dir.resolve("drone"), ShellSessionRunner.class);
  }

  @AfterAll
  static void closeAll() {
    daemon.shutdown();
    database.close();
  }

  @BeforeEach
  void wire() {
    parts = new TickParts(database, daemon, dir, "lost-test");
    worker = new WorkerDrone("w" + parts.scheduler(), parts.clock());
    link = DaemonLink.connect(worker, daemon, dir.resolve("worker-results"));
    DroneFleet fleet = new DroneFleet(List.of(worker), parts.results());
    fleet.giveUpAfter(LOST_AFTER, parts.clock());
    deps = parts.deps(fleet, new Throttles(100, 100));
    lostDrones = new LostDrones(fleet, parts.entries());
  }

  @Test
  void a_session_still_running_on_a_drone_back_from_lost_is_stopped_then_forgotten() {
    HostQueueEntry entry = onWorker("sleep 60");
    loseWorker();
    givenUp(entry);

    lostDrones.reconcile(comeBack());

    SessionState stopped = parts.awaitEnded(SessionIds.sessionId(entry));
    assertThat(stopped.outcome().verdict()).isEqualTo(Verdict.ABORT);
    lostDrones.reconcile(TickParts.poll(deps));
    assertThat(parts.sessionOf(entry)).as("forgotten once ended").isEmpty();
  }

  @Test
  void an_ended_session_of_an_entry_given_up_is_forgotten_at_once() {
    HostQueueEntry entry = onWorker("exit 0");
    loseWorker();
    givenUp(entry);
    parts.awaitEnded(SessionIds.sessionId(entry));

    lostDrones.reconcile(comeBack());

    assertThat(parts.sessionOf(entry)).isEmpty();
  }

  @Test
  void sessions_of_active_entries_and_of_special_tasks_on_a_drone_back_are_left_alone() {
    HostQueueEntry givenUp = onWorker("sleep 60");
    HostQueueEntry active = onWorker("exit 0");
    String task = "task-" + givenUp.id();
    worker.start(
        new SessionSpec(
            task,
            0,
            "admin",
            "verify",
            ControlType.SERVER,
            "exit 0",
            List.of(givenUp.hostname()),
            dir.resolve("tasks").resolve(task)));
    parts.awaitEnded(SessionIds.sessionId(active));
    parts.awaitEnded(task);
    loseWorker();
    givenUp(givenUp);

    lostDrones.reconcile(comeBack());

    parts.awaitEnded(SessionIds.sessionId(givenUp));
    assertThat(parts.sessionOf(active)).as("its entry is still followed").isPresent();
    assertThat(parts.session(task)).as("special tasks are followed by SpecialTasks").isPresent();
  }

  @Test
  void a_drone_that_answered_all_along_keeps_the_sessions_it_reports() {
    HostQueueEntry entry = onWorker("exit 0");
    lostDrones.reconcile(TickParts.poll(deps)); // its first answer, while the entry is active
    parts.awaitEnded(SessionIds.sessionId(entry));
    // Its entry ended while the drone kept answering: after its first answer, only drones back
    // from lost are reconciled.
    givenUp(entry);

    lostDrones.reconcile(TickParts.poll(deps));

    assertThat(parts.sessionOf(entry)).isPresent();
  }

  @Test
  void a_drone_back_that_fails_to_forget_is_asked_again_next_tick() {
    HostQueueEntry entry = onWorker("exit 0");
    loseWorker();
    givenUp(entry);
    parts.awaitEnded(SessionIds.sessionId(entry));
    link.failRequests("forget-all");

    lostDrones.reconcile(comeBack());

    assertThat(parts.sessionOf(entry)).as("kept while the drone fails to forget").isPresent();
    link.passRequests("forget-all");
    lostDrones.reconcile(TickParts.poll(deps));
    assertThat(parts.sessionOf(entry)).isEmpty();
  }

  /** A Running entry of this test's scheduler on the worker, its session running {@code script}. */
  private HostQueueEntry onWorker(String script) {
    HostQueueEntry entry = parts.running(parts.submit(script, parts.newHost()), worker.name());
    parts.startSession(worker, entry, script);
    return entry;
  }

  /** Cuts the worker's link until the fleet gives it up as lost. */
  private void loseWorker() {
    link.cut();
    assertThat(TickParts.poll(deps).silent()).containsExactly(worker.name());
    parts.clock().advance(LOST_AFTER);
    TickParts.poll(deps);
    assertThat(deps.fleet().isLost(worker.name())).isTrue();
  }

  /** Fails the entry as the follow phase does once its drone is lost. */
  private void givenUp(HostQueueEntry entry) {
    new Finisher(deps).giveUp(List.of(parts.now(entry)));
    assertThat(parts.now(entry).status()).isEqualTo(EntryStatus.FAILED);
  }

  /** Restores the worker's link; returns the poll in which it answers again. */
  private DroneFleet.Poll comeBack() {
    link.restore();
    DroneFleet.Poll poll = TickParts.poll(deps);
    assertThat(poll.silent()).isEmpty();
    return poll;
  }
}
