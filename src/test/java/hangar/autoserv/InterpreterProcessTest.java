package hangar.autoserv;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.host.SshSettings;
import hangar.lab.ControlType;
import hangar.testing.Eventually;
import hangar.testlib.TestLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control-file interpreter as a process of its own: what it holds, what happens when it dies or
 * hangs, and what a drone does with one that has been taken over and sends what it likes.
 */
class InterpreterProcessTest {
  @TempDir Path dir;

  @Test
  void control_files_run_in_a_process_with_a_bounded_heap_no_environment_and_an_empty_folder()
      throws Exception {
    Interpreter interpreter =
        new Interpreter(
            () -> InterpreterLaunch.prepare(new InterpreterSettings(Optional.empty(), 64, 60)));
    try {
      SessionOutcome outcome = run(interpreter, "job.record('INFO', null, 'hello', '')");

      assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(Verdict.GOOD);
      long pid = interpreter.pid();
      assertThat(pid).isPositive().isNotEqualTo(ProcessHandle.current().pid());
      Path proc = Path.of("/proc", Long.toString(pid));
      assertThat(nulSeparated(proc.resolve("cmdline")))
          .contains("-Xmx64m", "hangar.autoserv.interpreter.InterpreterMain");
      assertThat(niceness(proc))
          .as("it yields the CPU to the drone, the scheduler and the database")
          .isEqualTo(Math.min(19, niceness(Path.of("/proc/self")) + InterpreterLaunch.NICENESS));
      assertThat(
              nulSeparated(proc.resolve("environ")).stream()
                  .map(entry -> entry.substring(0, entry.indexOf('=')))
                  .collect(Collectors.toSet()))
          .as("no token, password or agent socket reaches it")
          .isEqualTo(Set.of("PATH", "HOME", "LANG"));
      Path home = proc.resolve("cwd").toRealPath();
      assertThat(Files.getPosixFilePermissions(home))
          .isEqualTo(PosixFilePermissions.fromString("rwx------"));
      try (Stream<Path> files = Files.list(home)) {
        assertThat(files).as("its folder holds nothing").isEmpty();
      }
      try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
        assertThat(fds.map(InterpreterProcessTest::target))
            .as("it opened no file of the session's results")
            .noneMatch(target -> target.startsWith(dir.toString()));
      }
    } finally {
      interpreter.kill();
    }
  }

  @Test
  void a_dead_interpreter_fails_its_sessions_and_the_next_session_starts_a_new_one()
      throws Exception {
    Interpreter interpreter = new Interpreter(() -> InterpreterLaunch.prepare(defaults()));
    try {
      CompletableFuture<SessionOutcome> first =
          CompletableFuture.supplyAsync(
              () -> run(interpreter, "job.run_test('sleeptest', seconds: 30)", dir.resolve("a")));
      Eventually.await(
          Duration.ofSeconds(30),
          "the test runs",
          () -> Files.exists(dir.resolve("a/sleeptest/debug")));
      long dead = interpreter.pid();

      ProcessHandle.of(dead).orElseThrow().destroyForcibly();

      SessionOutcome outcome = first.get(30, TimeUnit.SECONDS);
      assertThat(outcome.verdict()).isIn(Verdict.ERROR, Verdict.ABORT);
      assertThat(Files.readString(dir.resolve("a/status.log"), StandardCharsets.UTF_8))
          .contains("\tthe control file interpreter stopped with exit status ");
      SessionOutcome next = run(interpreter, "job.run_test('sleeptest', seconds: 0)");
      assertThat(next.verdict()).as(next.reason()).isEqualTo(Verdict.GOOD);
      assertThat(interpreter.pid()).isPositive().isNotEqualTo(dead);
    } finally {
      interpreter.kill();
    }
  }

  @Test
  void an_interpreter_that_breaks_the_protocol_is_killed_and_its_session_errs() throws Exception {
    Interpreter interpreter =
        new Interpreter(() -> fake("read start; echo 'not a frame'; sleep 60"));

    SessionOutcome outcome = run(interpreter, "job.record('INFO', null, 'hello', '')");

    assertThat(outcome.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(outcome.reason())
        .startsWith("the control file interpreter broke the protocol (not a frame");
    assertThat(interpreter.pid()).as("it was killed").isEqualTo(-1);
  }

  @Test
  void a_taken_over_interpreter_reaches_only_the_dsl_and_its_checks() throws Exception {
    Path replies = dir.resolve("replies");
    String calls =
        String.join(
            "\n",
            call(1, "job", "exec", "[\"id\"]"),
            call(2, "host", "run", "[\"localhost\", {}, \"id\"]"),
            call(3, "job", "run_test", "[{}, \"../../bin/sh\", []]"),
            call(4, "sysinfo", "add_logfile", "[\"/etc/shadow\", \"../../x\"]"),
            call(5, "job", "record", "[7, null, null, null]"));
    Interpreter interpreter =
        new Interpreter(
            () ->
                fake(
                    "read start; printf '%s\\n' '"
                        + calls.replace("\n", "' '")
                        + "'; for i in 1 2 3 4 5; do read reply; echo \"$reply\" >> "
                        + replies
                        + "; done; printf '%s\\n' '"
                        + "{\"op\":\"done\",\"session\":\"s-1\",\"ending\":{\"outcome\":\"ENDED\","
                        + "\"message\":\"\",\"hostFailed\":false,\"trace\":[]}}'; sleep 60"));
    try {
      SessionOutcome outcome = run(interpreter, "// anything");

      List<String> answers = Files.readAllLines(replies, StandardCharsets.UTF_8);
      assertThat(answers).hasSize(5);
      assertThat(answers.stream().filter(reply -> reply.contains("\"kind\":\"ARGUMENT\"")))
          .hasSize(4);
      assertThat(answers)
          .contains("{\"op\":\"reply\",\"session\":\"s-1\",\"call\":3,\"value\":false}");
      assertThat(String.join("\n", answers))
          .contains("the DSL has no job.exec")
          .contains("hosts is for server-side control files")
          .contains("job.record argument 1 must be text")
          .contains("sysinfo file name must be letters");
      assertThat(Files.readString(dir.resolve("status.log"), StandardCharsets.UTF_8))
          .contains("invalid test name '../../bin/sh'");
      assertThat(outcome.verdict()).isEqualTo(Verdict.ERROR);
    } finally {
      interpreter.kill();
    }
  }

  @Test
  void a_session_that_does_not_stop_after_its_abort_has_its_interpreter_killed() throws Exception {
    Interpreter interpreter = new Interpreter(() -> fake("cat > /dev/null"));
    CompletableFuture<SessionOutcome> outcome = new CompletableFuture<>();
    Thread session =
        Thread.ofVirtual()
            .start(
                () ->
                    outcome.complete(
                        run(interpreter, "while (true) { job.record('INFO', null, 'x', '') }")));
    Eventually.await(Duration.ofSeconds(30), "the interpreter runs", () -> interpreter.pid() > 0);
    long pid = interpreter.pid();

    session.interrupt();

    assertThat(outcome.get(Interpreter.ABORT_GRACE.toSeconds() + 20, TimeUnit.SECONDS).verdict())
        .isEqualTo(Verdict.ABORT);
    Eventually.await(
        Duration.ofSeconds(10),
        "the interpreter is gone",
        () -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void a_control_file_past_its_cpu_time_is_stopped_with_an_error() throws Exception {
    Interpreter interpreter =
        new Interpreter(
            () -> InterpreterLaunch.prepare(new InterpreterSettings(Optional.empty(), 512, 1)));
    try {
      // Compiling is not counted in the sandbox's steps, but it is CPU time of the session: a
      // long file takes more than a second to compile, whatever the step budget says.
      StringBuilder control = new StringBuilder();
      for (int i = 0; i < 3000; i++) {
        control
            .append("def v")
            .append(i)
            .append(" = [")
            .append(i)
            .append(", 2].collect { it * 2 }\n");
      }
      long started = System.nanoTime();
      SessionOutcome outcome = run(interpreter, control.toString());
      System.out.printf(
          "cpu-limit session took %d ms%n", (System.nanoTime() - started) / 1_000_000);

      assertThat(outcome.verdict()).isEqualTo(Verdict.ERROR);
      assertThat(outcome.reason())
          .isEqualTo(
              "control file stopped: it took more than 1 s of CPU time"
                  + " ([AUTOSERV] interpreter_cpu_seconds)");
      SessionOutcome next = run(interpreter, "job.record('INFO', null, 'after', '')");
      assertThat(next.verdict())
          .as("the interpreter serves the next session")
          .isEqualTo(Verdict.GOOD);
    } finally {
      interpreter.kill();
    }
  }

  private static String call(int number, String target, String method, String args) {
    return "{\"op\":\"call\",\"session\":\"s-1\",\"call\":"
        + number
        + ",\"branch\":0,\"target\":\""
        + target
        + "\",\"method\":\""
        + method
        + "\",\"args\":"
        + args
        + "}";
  }

  /** A program that stands in for the interpreter: a shell script, as a taken-over one could be. */
  private InterpreterLaunch.Launch fake(String script) throws IOException {
    Path home = Files.createTempDirectory(dir, "home");
    return new InterpreterLaunch.Launch(new ProcessBuilder("sh", "-c", script), home);
  }

  private static InterpreterSettings defaults() {
    return InterpreterSettings.defaults();
  }

  private SessionOutcome run(Interpreter interpreter, String control) {
    return run(interpreter, control, dir);
  }

  private static SessionOutcome run(Interpreter interpreter, String control, Path results) {
    Autoserv autoserv =
        Autoserv.create(
            Clock.systemUTC(),
            StatusListener.NONE,
            SshSettings.openSshDefaults(Path.of(System.getProperty("user.home"))),
            TestLibrary.builtIn(),
            interpreter);
    return autoserv.run(
        new SessionSpec(
            "s-1",
            7,
            "alice",
            "interpreter",
            ControlType.CLIENT,
            control,
            List.of("localhost"),
            results));
  }

  private static List<String> nulSeparated(Path file) throws IOException {
    return Arrays.asList(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\0"));
  }

  private static String target(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (IOException e) {
      // The descriptor closed between the listing and the look.
      return "";
    }
  }

  /** The niceness of a process: field 19 of proc(5)'s stat, the 17th after the command's name. */
  private static int niceness(Path proc) throws IOException {
    String stat = Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8);
    return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
  }
}
