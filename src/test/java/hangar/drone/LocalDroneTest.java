package hangar.drone;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import hangar.autoserv.SessionOutcome;
import hangar.autoserv.SessionSpec;
import hangar.autoserv.Verdict;
import hangar.lab.ControlType;
import hangar.testing.Polling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The localhost drone as a real daemon JVM, started and reached the way the server does. */
class LocalDroneTest {
  private static final String LONG_SESSION = "echo $$ > pid; exec sleep 300";

  @TempDir Path tmp;
  private Path droneDir;
  private final List<Long> pidsToKill = new ArrayList<>();
  private final List<Process> childrenToKill = new ArrayList<>();

  @BeforeEach
  void set_up() {
    droneDir = tmp.resolve("drone");
  }

  @AfterEach
  void stop_everything() throws Exception {
    try {
      LocalDrone.attach(droneDir).shutdown();
    } catch (DroneUnreachableException e) {
      // no daemon left running: fine
    }
    for (Process child : childrenToKill) {
      child.destroyForcibly();
      child.onExit().get(30, TimeUnit.SECONDS);
    }
    for (long pid : pidsToKill) {
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      if (process.isPresent()) {
        process.get().destroyForcibly();
        process.get().onExit().get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void sessions_finish_with_the_runner_outcome() {
    LocalDrone drone = startDrone();

    drone.start(spec("good-1", "echo hello"));
    drone.start(spec("bad-1", "exit 3"));

    SessionState good = awaitFinished(drone, "good-1");
    SessionState bad = awaitFinished(drone, "bad-1");
    assertThat(good.outcome()).isEqualTo(new SessionOutcome(Verdict.GOOD, ""));
    assertThat(bad.outcome()).isEqualTo(new SessionOutcome(Verdict.FAIL, "exit status 3"));
    assertThat(good.finishedOn()).isAfterOrEqualTo(good.startedOn());
    assertThat(results("good-1").resolve("output.txt")).content(UTF_8).isEqualTo("hello\n");
  }

  @Test
  void starting_a_known_session_again_runs_it_once() throws IOException {
    LocalDrone drone = startDrone();

    drone.start(spec("once-1", "echo ran >> count"));
    drone.start(spec("once-1", "echo ran >> count"));
    awaitFinished(drone, "once-1");
    drone.start(spec("once-1", "echo ran >> count"));

    assertThat(drone.sessions()).extracting(SessionState::sessionId).containsExactly("once-1");
    assertThat(Files.readAllLines(results("once-1").resolve("count"))).containsExactly("ran");
  }

  @Test
  void abort_kills_the_running_session_process() throws Exception {
    LocalDrone drone = startDrone();
    drone.start(spec("long-1", LONG_SESSION));
    ProcessHandle sleep = awaitSessionProcess("long-1");
    assertThat(state(drone, "long-1").running()).isTrue();

    drone.abort("long-1");

    assertThat(awaitFinished(drone, "long-1").outcome().verdict()).isEqualTo(Verdict.ABORT);
    sleep.onExit().get(30, TimeUnit.SECONDS);
    assertThat(sleep.isAlive()).isFalse();
  }

  @Test
  void abort_of_an_unknown_or_finished_session_does_nothing() {
    LocalDrone drone = startDrone();
    drone.start(spec("done-1", "true"));
    SessionState finished = awaitFinished(drone, "done-1");

    drone.abort("done-1");
    drone.abort("nobody");

    assertThat(drone.sessions()).containsExactly(finished);
  }

  @Test
  void a_session_running_when_the_daemon_is_killed_shows_as_error_after_restart() throws Exception {
    LocalDrone drone = startDrone();
    drone.start(spec("long-2", LONG_SESSION));
    awaitSessionProcess("long-2");
    ProcessHandle daemon = ProcessHandle.of(drone.ping().pid()).orElseThrow();

    daemon.destroyForcibly();
    daemon.onExit().get(30, TimeUnit.SECONDS);
    LocalDrone restarted = startDrone();

    assertThat(restarted.ping().pid()).isNotEqualTo(daemon.pid());
    SessionState state = state(restarted, "long-2");
    assertThat(state.running()).isFalse();
    assertThat(state.outcome())
        .isEqualTo(
            new SessionOutcome(
                Verdict.ERROR,
                "the drone daemon died (pid " + daemon.pid() + ") while the session ran"));
  }

  @Test
  void sessions_outlive_the_client_that_started_them() throws Exception {
    Path results = results("survivor-1");
    Files.createDirectories(results);
    Path release = results.resolve("release");
    run("mkfifo", release.toString());
    Process client =
        startJvm(
            SessionClientMain.class.getName(),
            droneDir.toString(),
            "survivor-1",
            "echo $$ > pid; read word < release; echo \"$word\" > released",
            results.toString());
    long daemonPid =
        Polling.await(
                "the client to start its session",
                () ->
                    read(tmp.resolve("client.out"))
                        .flatMap(s -> s.lines().filter(l -> l.matches("started \\d+")).findFirst()))
            .substring("started ".length())
            .transform(Long::parseLong);
    awaitSessionProcess("survivor-1");

    client.destroyForcibly();
    client.onExit().get(30, TimeUnit.SECONDS);
    LocalDrone drone = LocalDrone.attach(droneDir);
    assertThat(state(drone, "survivor-1").running()).isTrue();
    assertTimeoutPreemptively(Polling.TIMEOUT, () -> Files.writeString(release, "go\n"));

    assertThat(awaitFinished(drone, "survivor-1").outcome().verdict()).isEqualTo(Verdict.GOOD);
    assertThat(results.resolve("released")).content(UTF_8).isEqualTo("go\n");
    assertThat(drone.ping().pid()).isEqualTo(daemonPid);
  }

  @Test
  void a_second_daemon_on_the_same_folder_refuses_to_start() throws Exception {
    LocalDrone drone = startDrone();
    long first = drone.ping().pid();

    Process second = startJvm("hangar.Main", "drone", "--dir", droneDir.toString());

    assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).isEqualTo(1);
    assertThat(read(tmp.resolve("client.out")).orElseThrow())
        .contains("a drone daemon (pid " + first + ") already runs in " + droneDir)
        .contains("--stop");
    assertThat(drone.ping().pid()).isEqualTo(first);
  }

  @Test
  void forget_drops_a_finished_session_and_refuses_a_running_one() {
    LocalDrone drone = startDrone();
    drone.start(spec("short-1", "true"));
    drone.start(spec("long-3", LONG_SESSION));
    awaitFinished(drone, "short-1");

    drone.forget("short-1");
    drone.forget("never-heard-of");

    assertThat(drone.sessions()).extracting(SessionState::sessionId).containsExactly("long-3");
    assertThat(Journals.remembered(droneDir)).containsOnlyKeys("long-3");
    assertThatThrownBy(() -> drone.forget("long-3"))
        .isInstanceOf(DroneRequestException.class)
        .hasMessageContaining("still running")
        .extracting(e -> ((DroneRequestException) e).code())
        .isEqualTo("session-running");
  }

  @Test
  void a_forgotten_session_is_never_started_again_even_after_a_restart() {
    LocalDrone drone = startDrone();
    drone.start(spec("forgotten-1", "echo ran >> runs"));
    awaitFinished(drone, "forgotten-1");
    drone.forgetAll(List.of("forgotten-1"));

    assertThat(drone.startAll(List.of(spec("forgotten-1", "echo ran >> runs"))))
        .containsOnlyKeys("forgotten-1")
        .extractingByKey("forgotten-1")
        .extracting(DroneRequestException::code)
        .isEqualTo("session-forgotten");
    drone.shutdown();
    LocalDrone restarted = startDrone();
    assertThatThrownBy(() -> restarted.start(spec("forgotten-1", "echo ran >> runs")))
        .isInstanceOf(DroneRequestException.class)
        .hasMessageContaining("was forgotten");

    assertThat(restarted.sessions())
        .extracting(SessionState::sessionId)
        .doesNotContain("forgotten-1");
  }

  @Test
  void shutdown_aborts_running_sessions_and_a_new_daemon_reports_them() throws Exception {
    LocalDrone drone = startDrone();
    drone.start(spec("long-4", LONG_SESSION));
    ProcessHandle sleep = awaitSessionProcess("long-4");
    long pid = drone.ping().pid();

    drone.shutdown();

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    assertThat(droneDir.resolve("drone.sock")).doesNotExist();
    sleep.onExit().get(30, TimeUnit.SECONDS);
    assertThat(state(startDrone(), "long-4").outcome())
        .isEqualTo(new SessionOutcome(Verdict.ABORT, "aborted"));
  }

  @Test
  void a_burst_of_a_thousand_callers_all_get_answers() throws Exception {
    LocalDrone drone = startDrone();
    java.util.concurrent.atomic.AtomicInteger answered =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.List<Throwable> failures =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    java.util.List<Thread> callers = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      callers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      drone.sessions();
                      answered.incrementAndGet();
                    } catch (RuntimeException e) {
                      failures.add(e);
                    }
                  }));
    }
    for (Thread caller : callers) {
      caller.join();
    }

    assertThat(failures).isEmpty();
    assertThat(answered).hasValue(1000);
  }

  @Test
  void start_all_takes_many_sessions_once_and_names_the_ones_it_refused() throws IOException {
    LocalDrone drone = startDrone();
    drone.start(spec("known-1", "echo ran >> count"));
    awaitFinished(drone, "known-1");

    Map<String, DroneRequestException> refused =
        drone.startAll(
            List.of(
                spec("many-1", "echo one"),
                spec("../escape", "true"),
                spec("known-1", "echo ran >> count"),
                spec("many-2", "exit 4")));

    assertThat(refused).containsOnlyKeys("../escape");
    assertThat(refused.get("../escape").code()).isEqualTo("bad-request");
    assertThat(awaitFinished(drone, "many-1").outcome().verdict()).isEqualTo(Verdict.GOOD);
    assertThat(awaitFinished(drone, "many-2").outcome())
        .isEqualTo(new SessionOutcome(Verdict.FAIL, "exit status 4"));
    assertThat(Files.readAllLines(results("known-1").resolve("count"))).containsExactly("ran");
    assertThat(drone.startAll(List.of())).isEmpty();
  }

  @Test
  void forget_all_drops_finished_sessions_and_names_the_running_ones_it_kept() {
    LocalDrone drone = startDrone();
    drone.startAll(List.of(spec("short-5", "true"), spec("long-5", LONG_SESSION)));
    awaitFinished(drone, "short-5");

    Map<String, DroneRequestException> kept =
        drone.forgetAll(List.of("short-5", "long-5", "never-heard-of"));

    assertThat(kept).containsOnlyKeys("long-5");
    assertThat(kept.get("long-5").code()).isEqualTo("session-running");
    assertThat(drone.sessions()).extracting(SessionState::sessionId).containsExactly("long-5");
    assertThat(Journals.remembered(droneDir)).containsOnlyKeys("long-5");
  }

  @Test
  void an_invalid_session_id_is_refused() {
    LocalDrone drone = startDrone();

    assertThatThrownBy(() -> drone.start(spec("../escape", "true")))
        .isInstanceOf(DroneRequestException.class)
        .hasMessageContaining("is not valid");
    assertThat(drone.sessions()).isEmpty();
  }

  @Test
  void a_drone_nobody_runs_is_unreachable_and_names_its_log() {
    LocalDrone drone = LocalDrone.attach(droneDir);

    assertThatThrownBy(drone::sessions)
        .isInstanceOf(DroneUnreachableException.class)
        .hasMessageContaining(droneDir.resolve("drone.log").toString())
        .hasMessageContaining("hangar drone --dir");
  }

  private LocalDrone startDrone() {
    LocalDrone drone = LocalDrone.create(droneDir, ShellSessionRunner.class);
    pidsToKill.add(drone.ping().pid());
    return drone;
  }

  private SessionSpec spec(String id, String control) {
    return new SessionSpec(
        id,
        7,
        "alice",
        "drone test",
        ControlType.CLIENT,
        control,
        List.of("localhost"),
        results(id));
  }

  private Path results(String sessionId) {
    return tmp.resolve("results").resolve(sessionId);
  }

  /** Waits for the session's shell to write its pid, and remembers to kill it after the test. */
  private ProcessHandle awaitSessionProcess(String sessionId) {
    long pid =
        Polling.await(
                "session " + sessionId + " to write its pid",
                () -> read(results(sessionId).resolve("pid")).filter(s -> s.endsWith("\n")))
            .strip()
            .transform(Long::parseLong);
    pidsToKill.add(pid);
    return ProcessHandle.of(pid).orElseThrow();
  }

  private static SessionState awaitFinished(LocalDrone drone, String sessionId) {
    return Polling.await(
        "session " + sessionId + " to finish",
        () -> Optional.of(state(drone, sessionId)).filter(s -> !s.running()));
  }

  private static SessionState state(LocalDrone drone, String sessionId) {
    return drone.sessions().stream()
        .filter(s -> s.sessionId().equals(sessionId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("drone does not know session " + sessionId));
  }

  private static Optional<String> read(Path file) {
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Process startJvm(String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("client.out").toFile())
            .start();
    childrenToKill.add(process);
    return process;
  }

  private static void run(String... command)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    Process process = new ProcessBuilder(command).inheritIO().start();
    assertThat(process.onExit().get(30, TimeUnit.SECONDS).exitValue()).isZero();
  }
}
