package hangar.autoserv;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.host.SshSettings;
import hangar.lab.ControlType;
import hangar.testing.Eventually;
import hangar.testing.OpenSshServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An abort of a session on a host over SSH stops the commands it started there, children and all,
 * and records ABORT. The host is a real OpenSSH sshd on a loopback port of this machine, so its
 * processes can be looked for here.
 */
class AbortOverSshTest {
  @TempDir static Path serverDir;
  @TempDir Path dir;

  private static OpenSshServer sshd;

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = OpenSshServer.start(serverDir.resolve("sshd"));
  }

  @AfterAll
  static void stopSshd() throws Exception {
    sshd.close();
  }

  @Test
  void an_abort_kills_the_remote_command_and_its_children_and_records_abort() throws Exception {
    // A duration no other process sleeps for marks this test's processes: a background child and
    // a foreground one.
    String seconds =
        "600." + String.format(java.util.Locale.ROOT, "%09d", System.nanoTime() % 1_000_000_000L);
    String marker = "sleep " + seconds;
    Path started = dir.resolve("started");
    String control =
        "job.run_test('shell', command: 'touch "
            + started
            + "; "
            + marker
            + " & "
            + marker
            + "; wait')\n";
    SessionOutcome[] outcome = new SessionOutcome[1];
    Thread session =
        Thread.ofVirtual()
            .start(
                () ->
                    outcome[0] =
                        autoserv()
                            .run(
                                new SessionSpec(
                                    "abort-1",
                                    1,
                                    "admin",
                                    "abort",
                                    ControlType.CLIENT,
                                    control,
                                    List.of(sshd.user() + "@127.0.0.1:" + sshd.port()),
                                    dir.resolve("results"))));
    try {
      Eventually.await(Duration.ofSeconds(60), "the command runs", () -> Files.exists(started));
      Eventually.await(Duration.ofSeconds(10), "both sleeps run", () -> running(seconds) == 2);

      session.interrupt();
      session.join(Duration.ofSeconds(60));
      Eventually.await(Duration.ofSeconds(10), "no sleep is left", () -> running(seconds) == 0);
    } finally {
      // Whatever the outcome, leave no sleep behind for later runs.
      session.interrupt();
      sleeps(seconds).forEach(ProcessHandle::destroyForcibly);
    }

    assertThat(session.isAlive()).isFalse();
    assertThat(outcome[0].verdict()).isEqualTo(Verdict.ABORT);
    assertThat(Files.readString(dir.resolve("results/status.log"), StandardCharsets.UTF_8))
        .contains("\t\tABORT\tshell\tshell\t")
        .contains("\tEND ABORT\tshell\tshell\t");
  }

  /** The {@code sleep SECONDS} processes alive on this machine. */
  private static long running(String seconds) {
    return sleeps(seconds).size();
  }

  private static List<ProcessHandle> sleeps(String seconds) {
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().orElse("").endsWith("/sleep"))
        .filter(p -> List.of(p.info().arguments().orElse(new String[0])).equals(List.of(seconds)))
        .toList();
  }

  private static Autoserv autoserv() {
    SshSettings ssh = sshd.clientSettings();
    return Autoserv.create(Clock.systemUTC(), StatusListener.NONE, ssh);
  }
}
