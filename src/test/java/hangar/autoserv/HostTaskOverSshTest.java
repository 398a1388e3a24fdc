package hangar.autoserv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import hangar.host.SshSettings;
import hangar.lab.ControlType;
import hangar.testing.OpenSshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verify and cleanup against a host over SSH: a real OpenSSH sshd on a loopback port. */
class HostTaskOverSshTest {
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
  void verify_checks_the_temp_dir_and_free_disk_of_the_host_itself() throws Exception {
    SessionOutcome outcome = run(SessionKind.VERIFY, HostChecks.DEFAULT);

    assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(Verdict.GOOD);
    assertThat(dir.resolve("status.log"))
        .content(UTF_8)
        .containsPattern("GOOD\t----\tverify.tmp\t.*temp dir /\\S+ of 127.0.0.1 is writable")
        .containsPattern("GOOD\t----\tverify.disk\t.*MB free in /\\S+ of 127.0.0.1");
  }

  @Test
  void verify_fails_a_host_with_less_free_disk_than_the_minimum() throws Exception {
    SessionOutcome outcome =
        run(SessionKind.VERIFY, new HostChecks(Long.MAX_VALUE / 2, "", Duration.ofMinutes(1)));

    assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(outcome.reason()).contains("free in").contains("below the minimum");
  }

  @Test
  void cleanup_reboots_the_host_and_waits_for_it() throws Exception {
    CompletableFuture<Void> restarted =
        CompletableFuture.runAsync(
            () -> {
              try {
                sshd.restartWhenItStops(Duration.ofSeconds(1));
              } catch (Exception e) {
                throw new IllegalStateException("sshd did not come back", e);
              }
            });

    SessionOutcome outcome =
        run(
            SessionKind.CLEANUP,
            new HostChecks(
                HostChecks.DEFAULT_MIN_FREE_DISK_BYTES,
                "",
                Duration.ofSeconds(60),
                "kill $(cat " + sshd.pidFile() + ")"));

    restarted.get(60, TimeUnit.SECONDS);
    assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(Verdict.GOOD);
    assertThat(Files.readString(dir.resolve("status.log"), UTF_8))
        .contains("GOOD\t----\tcleanup.reboot\t")
        .contains("127.0.0.1 rebooted and is back");
  }

  private SessionOutcome run(SessionKind kind, HostChecks checks) {
    SshSettings ssh = sshd.clientSettings();
    return Autoserv.create(Clock.systemUTC(), StatusListener.NONE, ssh)
        .run(
            new SessionSpec(
                "task-1",
                0,
                "admin",
                kind.tag(),
                ControlType.CLIENT,
                "",
                List.of(sshd.user() + "@127.0.0.1:" + sshd.port()),
                dir,
                kind,
                checks));
  }
}
