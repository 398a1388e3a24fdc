package hangar.host;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.testing.Eventually;
import hangar.testing.SessionProcesses;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command's whole process group ends with it: children, grandchildren, and those re-parented to
 * init when their parent exited, which a walk down the process tree no longer finds.
 */
class LocalHostProcessGroupTest {
  // A background job, a grandchild, and an orphan whose subshell exits at once.
  private static final String TREE =
      "sh -c 'sleep 313.72 & sleep 313.72' & (sleep 313.72 &) ; sleep 313.72";

  @TempDir Path dir;

  private final LocalHost host = LocalHost.create(Clock.systemUTC());

  @AfterEach
  void cleanUp() {
    host.close();
    SessionProcesses.killAll("313.72");
  }

  @Test
  void a_timeout_ends_every_process_the_command_started() throws Exception {
    CommandResult result =
        host.run(TREE, dir.resolve("out"), dir.resolve("err"), Duration.ofSeconds(2));

    assertThat(result.timedOut()).isTrue();
    Eventually.await(
        Duration.ofSeconds(10),
        "no process of the command to remain",
        () -> SessionProcesses.count("313.72") == 0);
  }

  @Test
  void an_abort_ends_every_process_the_command_started() throws Exception {
    Thread runner =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    host.run(TREE, dir.resolve("out"), dir.resolve("err"), TestHost.NO_TIMEOUT);
                  } catch (InterruptedException e) {
                    // the abort this test makes
                  }
                });
    Eventually.await(
        Duration.ofSeconds(30),
        "the command's four sleeps to run",
        () -> SessionProcesses.count("sleep 313.72") >= 4);

    runner.interrupt();

    assertThat(runner.join(Duration.ofSeconds(30))).isTrue();
    Eventually.await(
        Duration.ofSeconds(10),
        "no process of the command to remain",
        () -> SessionProcesses.count("313.72") == 0);
  }

  @Test
  void the_commands_processes_die_with_the_process_that_ran_them() throws Exception {
    // A JVM that runs the command, then dies by SIGKILL as a drone daemon would.
    Process jvm =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LocalHostCommandMain.class.getName(),
                TREE,
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("jvm.out").toFile())
            .start();
    Eventually.await(
        Duration.ofSeconds(60),
        "the command's four sleeps to run",
        () -> SessionProcesses.count("sleep 313.72") >= 4);

    jvm.destroyForcibly();
    assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();

    Eventually.await(
        Duration.ofSeconds(10),
        "no process of the command to remain",
        () -> SessionProcesses.count("313.72") == 0);
    assertThat(CompletableFuture.completedFuture(jvm.exitValue()).get()).isNotZero();
  }
}
