package hangar.autoserv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hangar.host.SshSettings;
import hangar.lab.ControlType;
import hangar.testlib.TestLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drone that runs as root (as a default install does) interprets control files as an unprivileged
 * user, with no capabilities and no way to gain any: what a control file that escaped the sandbox
 * would be. Runs only as root, as CI does.
 */
class InterpreterAsRootTest {
  @TempDir Path dir;

  @BeforeAll
  static void onlyAsRoot() {
    assumeTrue(InterpreterLaunch.isRoot(), "needs root, as CI runs");
  }

  @Test
  void the_interpreter_of_a_root_drone_runs_as_nobody_without_capabilities_or_groups()
      throws Exception {
    Interpreter interpreter = new Interpreter(() -> InterpreterLaunch.prepare(defaults()));
    try {
      SessionOutcome outcome = run(interpreter, "job.run_test('sleeptest', seconds: 0)");

      assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(Verdict.GOOD);
      Map<String, String> status = status(interpreter.pid());
      assertThat(status.get("Uid")).isEqualTo("65534\t65534\t65534\t65534");
      assertThat(status.get("Gid")).isEqualTo("65534\t65534\t65534\t65534");
      assertThat(status.get("Groups")).isEmpty();
      assertThat(status.get("NoNewPrivs")).isEqualTo("1");
      assertThat(status.get("CapEff")).isEqualTo("0000000000000000");
      assertThat(status.get("CapPrm")).isEqualTo("0000000000000000");
      assertThat(status.get("CapBnd")).isEqualTo("0000000000000000");
      assertThat(
              Files.getOwner(Path.of("/proc", Long.toString(interpreter.pid()), "cwd").toRealPath())
                  .getName())
          .as("its folder is its own")
          .isEqualTo("nobody");
      // The results stay root's: the drone wrote them, the interpreter never touched a file.
      assertThat(Files.getOwner(dir.resolve("status.log")).getName()).isEqualTo("root");
    } finally {
      interpreter.kill();
    }
  }

  @Test
  void a_run_as_user_that_does_not_exist_fails_the_session_saying_what_to_do() {
    Interpreter interpreter =
        new Interpreter(
            () ->
                InterpreterLaunch.prepare(
                    new InterpreterSettings(Optional.of("no-such-user-here"), 64, 60)));

    SessionOutcome outcome = run(interpreter, "job.run_test('sleeptest', seconds: 0)");

    assertThat(outcome.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(outcome.reason())
        .contains("run_as user 'no-such-user-here' does not exist on this drone")
        .contains("useradd --system no-such-user-here");
  }

  private static InterpreterSettings defaults() {
    return InterpreterSettings.defaults();
  }

  private SessionOutcome run(Interpreter interpreter, String control) {
    return Autoserv.create(
            Clock.systemUTC(),
            StatusListener.NONE,
            SshSettings.openSshDefaults(Path.of(System.getProperty("user.home"))),
            TestLibrary.builtIn(),
            interpreter)
        .run(
            new SessionSpec(
                "s-1", 7, "alice", "root", ControlType.CLIENT, control, List.of("localhost"), dir));
  }

  private static Map<String, String> status(long pid) throws IOException {
    return Files.readAllLines(
            Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)
        .stream()
        .filter(line -> line.contains(":"))
        .collect(
            Collectors.toMap(
                line -> line.substring(0, line.indexOf(':')),
                line -> line.substring(line.indexOf(':') + 1).strip(),
                (a, b) -> a));
  }
}
