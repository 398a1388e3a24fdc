package hangar.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.testing.OpenSshServer;
import hangar.testing.Polling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SshHost} against a real OpenSSH sshd on a loopback port. */
class SshHostTest {
  private static final String LOOPBACK = "127.0.0.1";

  @TempDir static Path serverDir;
  @TempDir Path tmp;

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
  void a_command_streams_its_output_into_files_and_returns_its_status() throws Exception {
    try (SshHost host = connect(settings())) {
      CommandResult result =
          host.run("echo out; echo err >&2; exit 3", out(), err(), Duration.ofSeconds(30));

      assertThat(result.exitStatus()).isEqualTo(3);
      assertThat(result.timedOut()).isFalse();
      assertThat(out()).content(UTF_8).isEqualTo("out\n");
      assertThat(err()).content(UTF_8).isEqualTo("err\n");
    }
  }

  @Test
  void an_argument_list_reaches_the_host_word_for_word() throws Exception {
    List<String> argv = List.of("printf", "%s|", "a b", "it's", "$HOME", ";touch " + tmp + "/x");
    try (SshHost host = connect(settings())) {
      host.run(argv, out(), err(), Duration.ofSeconds(30));
    }

    assertThat(out()).content(UTF_8).isEqualTo("a b|it's|$HOME|;touch " + tmp + "/x|");
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  @Test
  void the_commands_of_a_host_share_one_connection() throws Exception {
    int before = accepted();
    try (SshHost host = connect(settings())) {
      for (int i = 0; i < 3; i++) {
        assertThat(host.run("true", out(), err(), Duration.ofSeconds(30)).isSuccess()).isTrue();
      }
    }

    assertThat(accepted() - before).isEqualTo(1);
  }

  @Test
  void a_command_past_its_timeout_is_killed_with_what_it_started() throws Exception {
    Path childPid = tmp.resolve("child.pid");
    try (SshHost host = connect(settings())) {
      CommandResult result =
          host.run(
              "sleep 300 & echo $! > " + childPid + "; wait", out(), err(), Duration.ofSeconds(1));

      assertThat(result.timedOut()).isTrue();
    }
    long pid = Long.parseLong(Files.readString(childPid).strip());
    Polling.await(
        "the remote child " + pid + " to be killed",
        () ->
            ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                ? Optional.empty()
                : Optional.of(true));
  }

  @Test
  void an_unknown_host_key_is_refused_and_the_error_says_how_to_pin_it() throws Exception {
    Path empty = Files.createFile(tmp.resolve("known_hosts"));

    assertThatThrownBy(() -> connect(settings(empty, false)))
        .isInstanceOf(SshHost.HostConnectException.class)
        .hasMessageContaining("the host key of [127.0.0.1]:" + sshd.port())
        .hasMessageContaining("ssh-keyscan -p " + sshd.port() + " 127.0.0.1 >> " + empty)
        .hasMessageContaining("--accept-new-host-key");
    assertThat(empty).isEmptyFile();
  }

  @Test
  void a_new_host_key_accepted_on_request_is_pinned_and_then_checked() throws Exception {
    Path knownHosts = Files.createFile(tmp.resolve("known_hosts"));

    try (SshHost host = connect(settings(knownHosts, true))) {
      assertThat(host.run("true", out(), err(), Duration.ofSeconds(30)).isSuccess()).isTrue();
    }

    assertThat(knownHosts).content(UTF_8).contains("[127.0.0.1]:" + sshd.port());
    try (SshHost again = connect(settings(knownHosts, false))) {
      assertThat(again.target()).isEqualTo(sshd.user() + "@127.0.0.1:" + sshd.port());
    }
  }

  @Test
  void a_host_key_that_changed_is_refused_even_when_new_keys_are_accepted() throws Exception {
    OpenSshServer.keygen(tmp.resolve("other_host_key"));
    Path knownHosts = tmp.resolve("known_hosts");
    Files.writeString(
        knownHosts,
        "[127.0.0.1]:" + sshd.port() + " " + Files.readString(tmp.resolve("other_host_key.pub")));

    assertThatThrownBy(() -> connect(settings(knownHosts, true)))
        .isInstanceOf(SshHost.HostConnectException.class)
        .hasMessageContaining("is not the one in " + knownHosts);
  }

  @Test
  void a_key_the_host_refuses_is_named_with_the_way_out() throws Exception {
    Path stranger = tmp.resolve("stranger");
    OpenSshServer.keygen(stranger);
    SshSettings settings =
        new SshSettings(
            List.of(stranger),
            sshd.knownHosts(),
            false,
            Duration.ofSeconds(30),
            Duration.ofSeconds(15));

    assertThatThrownBy(() -> connect(settings))
        .isInstanceOf(SshHost.HostConnectException.class)
        .hasMessageContaining("no key of [" + stranger + "] was accepted")
        .hasMessageContaining("authorized_keys");
  }

  @Test
  void a_folder_tree_goes_to_the_host_and_comes_back_unchanged() throws Exception {
    Path tree = Files.createDirectories(tmp.resolve("tree/sub/deeper"));
    Files.writeString(tmp.resolve("tree/top.txt"), "top\n");
    Files.writeString(tree.resolve("deep.txt"), "deep\n");
    Files.write(tmp.resolve("tree/sub/blob.bin"), new byte[] {0, 1, 2, (byte) 255});
    Path remote = tmp.resolve("on-host");
    Path back = tmp.resolve("back");

    try (SshHost host = connect(settings())) {
      host.send(tmp.resolve("tree"), remote.toString());
      host.send(tmp.resolve("tree/top.txt"), remote.resolve("copy.txt").toString());
      host.fetch(remote.toString(), back);
    }

    assertThat(remote.resolve("sub/deeper/deep.txt")).content(UTF_8).isEqualTo("deep\n");
    assertThat(back.resolve("top.txt")).content(UTF_8).isEqualTo("top\n");
    assertThat(back.resolve("copy.txt")).content(UTF_8).isEqualTo("top\n");
    assertThat(back.resolve("sub/deeper/deep.txt")).content(UTF_8).isEqualTo("deep\n");
    assertThat(Files.readAllBytes(back.resolve("sub/blob.bin")))
        .containsExactly(0, 1, 2, (byte) 255);
  }

  @Test
  void fetching_what_the_host_does_not_have_names_the_path() {
    try (SshHost host = connect(settings())) {
      assertThatThrownBy(() -> host.fetch("/nonexistent/hangar", tmp.resolve("x")))
          .isInstanceOf(HostCommandException.class)
          .hasMessageContaining("/nonexistent/hangar");
    }
  }

  @Test
  void a_reboot_waits_for_the_host_to_go_down_and_come_back() throws Exception {
    int before = accepted();
    try (SshHost host = connect(settings())) {
      java.util.concurrent.CompletableFuture<Void> restarted =
          java.util.concurrent.CompletableFuture.runAsync(
              () -> {
                try {
                  sshd.restartWhenItStops(Duration.ofSeconds(1));
                } catch (Exception e) {
                  throw new IllegalStateException("sshd did not come back", e);
                }
              });

      host.reboot("kill $(cat " + sshd.pidFile() + ")", Duration.ofSeconds(60));

      restarted.get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(host.run("echo back", out(), err(), Duration.ofSeconds(30)).isSuccess()).isTrue();
    }
    assertThat(out()).content(UTF_8).isEqualTo("back\n");
    assertThat(accepted() - before).as("logged in before and after the reboot").isEqualTo(2);
  }

  @Test
  void a_host_that_does_not_go_down_fails_the_reboot_with_the_way_out() throws Exception {
    try (SshHost host = connect(settings())) {
      assertThatThrownBy(() -> host.reboot("true", Duration.ofSeconds(3)))
          .isInstanceOf(HostCommandException.class)
          .hasMessageContaining("did not go down after 'true' within PT3S")
          .hasMessageContaining("power-cycle");
    }
  }

  @Test
  void the_openssh_defaults_are_found_where_openssh_looks() {
    SshSettings defaults = SshSettings.openSshDefaults(Path.of("/home/alice"));

    assertThat(defaults.identities())
        .containsExactly(
            Path.of("/home/alice/.ssh/id_ed25519"), Path.of("/home/alice/.ssh/id_rsa"));
    assertThat(defaults.knownHosts()).isEqualTo(Path.of("/home/alice/.ssh/known_hosts"));
    assertThat(defaults.acceptNewHostKey()).isFalse();
  }

  private SshHost connect(SshSettings settings) {
    return SshHost.connect(LOOPBACK, sshd.user(), sshd.port(), settings, Clock.systemUTC());
  }

  private static SshSettings settings() {
    return settings(sshd.knownHosts(), false);
  }

  private static SshSettings settings(Path knownHosts, boolean acceptNew) {
    return new SshSettings(
        List.of(sshd.clientKey()),
        knownHosts,
        acceptNew,
        Duration.ofSeconds(30),
        Duration.ofSeconds(15));
  }

  private int accepted() throws Exception {
    return (int) sshd.log().lines().filter(l -> l.contains("Accepted publickey")).count();
  }

  private Path out() {
    return tmp.resolve("stdout");
  }

  private Path err() {
    return tmp.resolve("stderr");
  }
}
