package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import hangar.autoserv.Verdict;
import hangar.drone.LocalDrone;
import hangar.drone.SessionState;
import hangar.drone.WorkerDrone;
import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.store.ResultsDbStore;
import hangar.testing.DaemonLink;
import hangar.testing.Polling;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Following active entries one step with what their drone reports, against H2 and a real drone
 * daemon whose sessions run the control file as a shell script; each step is one poll of the drones
 * and one {@link Follower#follow} call.
 */
class FollowerTest extends OneDroneLab {
  private static final Throttles THROTTLES = new Throttles(100, 100);

  private TickParts parts;
  private DispatcherDeps deps;
  private Follower follower;

  @BeforeEach
  void wire() {
    parts = new TickParts(database, drone, dir, "follower-test");
    follow(parts.deps(THROTTLES));
  }

  @Test
  void a_starting_entry_its_drone_runs_becomes_running_then_finishes_when_the_session_ends() {
    Host host = parts.newHost();
    HostQueueEntry entry = parts.starting(parts.submit("exit 0", host), LocalDrone.NAME);
    parts.startSession(drone, entry, "exit 0");

    followOnce();
    assertThat(parts.now(entry).status()).isEqualTo(EntryStatus.RUNNING);

    parts.awaitEnded(SessionIds.sessionId(entry));
    followOnce();

    assertThat(parts.now(entry).status()).isEqualTo(EntryStatus.COMPLETED);
    assertThat(parts.hosts().get(host.id()).status()).isEqualTo(HostStatus.READY);
    assertThat(parts.sessionOf(entry)).as("forgotten by the drone").isEmpty();
  }

  @Test
  void a_starting_entry_its_drone_never_got_is_started_again() {
    HostQueueEntry entry = parts.starting(parts.submit("exit 0", parts.newHost()), LocalDrone.NAME);

    followOnce();

    assertThat(parts.now(entry).status()).isEqualTo(EntryStatus.RUNNING);
    assertThat(parts.sessionOf(entry)).isPresent();
  }

  @Test
  void a_starting_entry_asked_to_abort_before_its_session_started_ends_aborted_without_one() {
    Host host = parts.newHost();
    long job = parts.submit("exit 0", host);
    HostQueueEntry entry = parts.starting(job, LocalDrone.NAME);
    parts.jobs().requestAbort(job, "aborted by alice");

    followOnce();

    assertThat(parts.now(entry).status()).isEqualTo(EntryStatus.ABORTED);
    assertThat(parts.now(entry).reason()).isEqualTo("aborted by alice");
    assertThat(parts.hosts().get(host.id()).status()).isEqualTo(HostStatus.READY);
    assertThat(parts.sessionOf(entry)).isEmpty();
  }

  @Test
  void a_running_session_is_left_running_until_an_abort_is_asked_then_stopped() {
    long job = parts.submit("sleep 60", parts.newHost());
    HostQueueEntry entry = parts.running(job, LocalDrone.NAME);
    parts.startSession(drone, entry, "sleep 60");

    followOnce();
    assertThat(parts.now(entry).status()).isEqualTo(EntryStatus.RUNNING);
    assertThat(parts.sessionOf(entry)).get().extracting(SessionState::running).isEqualTo(true);

    parts.jobs().requestAbort(job, "aborted by alice");
    followOnce();
    SessionState stopped = parts.awaitEnded(SessionIds.sessionId(entry));
    followOnce();

    assertThat(stopped.outcome().verdict()).isEqualTo(Verdict.ABORT);
    assertThat(parts.now(entry).status()).isEqualTo(EntryStatus.ABORTED);
    assertThat(parts.now(entry).reason()).isEqualTo("aborted by alice");
  }

  @Test
  void a_running_entry_whose_session_the_drone_does_not_know_fails_as_lost() {
    HostQueueEntry entry = parts.running(parts.submit("exit 0", parts.newHost()), LocalDrone.NAME);

    followOnce();

    assertThat(parts.now(entry).status()).isEqualTo(EntryStatus.FAILED);
    assertThat(parts.now(entry).reason()).isEqualTo("drone localhost lost the session");
  }

  @Test
  void an_entry_on_a_silent_drone_waits_and_is_given_up_once_the_drone_counts_as_lost() {
    WorkerDrone offline = new WorkerDrone("w1", parts.clock());
    DroneFleet fleet = new DroneFleet(List.of(drone, offline), parts.results());
    fleet.giveUpAfter(Duration.ofSeconds(30), parts.clock());
    follow(parts.deps(fleet, THROTTLES));
    HostQueueEntry away = parts.running(parts.submit("exit 0", parts.newHost()), "w1");

    followOnce();
    assertThat(parts.now(away).status()).isEqualTo(EntryStatus.RUNNING);

    parts.clock().advance(Duration.ofSeconds(31));
    followOnce();

    assertThat(parts.now(away).status()).isEqualTo(EntryStatus.FAILED);
    assertThat(parts.now(away).reason())
        .isEqualTo("drone w1 lost: no answer for 31 s (drone_lost_after_secs)");
  }

  @Test
  void with_a_parser_an_ended_session_is_parsed_before_its_entry_finishes() {
    Host host = parts.newHost();
    String script =
        "printf 'START\\t----\\t----\\ttimestamp=100\\t\\n"
            + "\\tSTART\\tshell\\tshell\\ttimestamp=101\\t\\n"
            + "\\t\\tFAIL\\tshell\\tshell\\ttimestamp=102\\texit 3\\n"
            + "\\tEND FAIL\\tshell\\tshell\\ttimestamp=102\\t\\n"
            + "END FAIL\\t----\\t----\\ttimestamp=103\\tshell: exit 3\\n' > status.log;"
            + " printf 'hostname=%s\\nuser=admin\\n' "
            + host.hostname()
            + " > keyval; exit 3";
    long job = parts.submit(script, host);
    ResultsDbStore results = new ResultsDbStore(parts.database(), parts.clock());
    try (ResultsParsing parsing = new ResultsParsing(results, parts.results(), 1)) {
      follow(parts.deps(DroneFleet.of(drone, parts.results()), THROTTLES, parsing));
      HostQueueEntry entry = parts.starting(job, LocalDrone.NAME);
      followOnce(); // started by the follower, so its results go where the parser looks
      parts.awaitEnded(SessionIds.sessionId(entry));

      followOnce();
      assertThat(parts.now(entry).status()).isEqualTo(EntryStatus.PARSING);

      HostQueueEntry done = followUntilComplete(entry);
      assertThat(done.status()).isEqualTo(EntryStatus.FAILED);
      assertThat(done.reason()).isEqualTo("exit status 3");
    }
    List<ResultsDbStore.StoredResults> stored = results.forJob(job);
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).results().machine()).isEqualTo(host.hostname());
    assertThat(stored.get(0).results().status()).isEqualTo("FAIL");
  }

  @Test
  void a_drone_failing_an_abort_does_not_keep_the_other_drones_from_theirs() {
    WorkerDrone worker = new WorkerDrone("w-abort", parts.clock());
    DaemonLink link = DaemonLink.connect(worker, drone, dir.resolve("worker-results"));
    link.failRequests("abort");
    follow(parts.deps(new DroneFleet(List.of(worker, drone), parts.results()), THROTTLES));
    HostQueueEntry onWorker = parts.running(parts.submit("sleep 60", parts.newHost()), "w-abort");
    parts.startSession(worker, onWorker, "sleep 60");
    HostQueueEntry onLocal =
        parts.running(parts.submit("sleep 60", parts.newHost()), LocalDrone.NAME);
    parts.startSession(drone, onLocal, "sleep 60");
    parts.entries().requestAbort(onWorker, "aborted by admin");
    parts.entries().requestAbort(onLocal, "aborted by admin");
    Logger logger = (Logger) LoggerFactory.getLogger(DroneCalls.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    try {
      followOnce();

      SessionState stopped = parts.awaitEnded(SessionIds.sessionId(onLocal));
      assertThat(stopped.outcome().verdict()).isEqualTo(Verdict.ABORT);
      assertThat(parts.sessionOf(onWorker)).get().extracting(SessionState::running).isEqualTo(true);
      followOnce();
      assertThat(parts.now(onLocal).status()).isEqualTo(EntryStatus.ABORTED);

      link.passRequests("abort");
      followOnce();
      parts.awaitEnded(SessionIds.sessionId(onWorker));
    } finally {
      logger.detachAppender(events);
    }

    assertThat(events.list)
        .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
        .extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
        .as("one line when it starts failing, one when it works again")
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Level.WARN,
                "drone w-abort failed to abort sessions; tried again next tick, logged again once"
                    + " it works"),
            org.assertj.core.groups.Tuple.tuple(
                Level.INFO, "drone w-abort can abort sessions again"));
  }

  @Test
  void a_session_its_drone_failed_to_forget_is_forgotten_at_a_later_tick() {
    WorkerDrone worker = new WorkerDrone("w-forget", parts.clock());
    // A daemon of its own, whose results folder is not the server's.
    LocalDrone daemon =
        LocalDrone.create(
            dir.resolve("w-forget").resolve("drone"), hangar.drone.ShellSessionRunner.class);
    java.nio.file.Path root = dir.resolve("w-forget").resolve("results");
    DaemonLink link = DaemonLink.connect(worker, daemon, root);
    follow(parts.deps(new DroneFleet(List.of(worker, drone), parts.results()), THROTTLES));
    HostQueueEntry entry = parts.running(parts.submit("exit 0", parts.newHost()), "w-forget");
    // Its results where the worker says it keeps them, so that they are copied back.
    worker.start(
        new hangar.autoserv.SessionSpec(
            SessionIds.sessionId(entry),
            entry.jobId(),
            "admin",
            "test",
            hangar.lab.ControlType.CLIENT,
            "exit 0",
            List.of(entry.hostname()),
            root.resolve(entry.jobId() + "-admin").resolve(entry.hostname())));
    Polling.await(
        "the session to end",
        () ->
            daemon.sessions().stream()
                .filter(d -> d.sessionId().equals(SessionIds.sessionId(entry)) && !d.running())
                .findFirst());
    link.failRequests("forget-all");

    HostQueueEntry done = followUntilComplete(entry);
    assertThat(done.status()).isEqualTo(EntryStatus.COMPLETED);
    assertThat(daemon.sessions())
        .extracting(hangar.drone.SessionState::sessionId)
        .as("kept while the drone fails to forget")
        .contains(SessionIds.sessionId(entry));

    link.passRequests("forget-all");
    followOnce();
    assertThat(daemon.sessions())
        .extracting(hangar.drone.SessionState::sessionId)
        .as("forgotten at the next tick")
        .doesNotContain(SessionIds.sessionId(entry));
    daemon.shutdown();
  }

  /** Follows with a follower over these dependencies from now on. */
  private void follow(DispatcherDeps with) {
    deps = with;
    follower =
        new Follower(
            with,
            new SessionLauncher(with, new LabCache(with.hosts(), with.jobs())),
            new Finisher(with));
  }

  /** Follows until the entry is complete; returns it then. */
  private HostQueueEntry followUntilComplete(HostQueueEntry entry) {
    return Polling.await(
        "entry " + entry.id() + " to finish",
        () -> {
          followOnce();
          HostQueueEntry now = parts.now(entry);
          return now.complete() ? Optional.of(now) : Optional.empty();
        });
  }

  /** One poll of the drones and one step of every entry this test's scheduler follows. */
  private void followOnce() {
    DroneFleet.Poll poll = TickParts.poll(deps);
    follower.follow(poll.sessions(), poll.silent());
  }
}
