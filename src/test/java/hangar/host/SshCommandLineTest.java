package hangar.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ssh} command line results are copied with ({@code rsync -e}). */
class SshCommandLineTest {
  @TempDir Path dir;

  @Test
  void ssh_to_a_drone_that_accepts_and_never_answers_gives_up_after_the_connect_timeout()
      throws Exception {
    SshSettings settings =
        new SshSettings(
            List.of(dir.resolve("id_ed25519")),
            dir.resolve("known_hosts"),
            false,
            Duration.ofSeconds(2),
            Duration.ofSeconds(1));
    List<Socket> held = new ArrayList<>();
    // A drone whose network went silent: the TCP connection is taken, nothing ever comes back.
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (IOException e) {
                  // The socket closed at the end of the test.
                }
              });
      String command = settings.sshCommandLine(silent.getLocalPort()) + " root@127.0.0.1 true";
      assertThat(command)
          .contains("ConnectTimeout=2", "ServerAliveInterval=1", "ServerAliveCountMax=3");

      Path output = dir.resolve("ssh.out");
      Process ssh =
          new ProcessBuilder("sh", "-c", command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean ended = ssh.waitFor(30, TimeUnit.SECONDS);
      ssh.destroyForcibly();

      assertThat(ended).as("ssh gave up on its own").isTrue();
      assertThat(ssh.exitValue()).isEqualTo(255);
      assertThat(Files.readString(output)).containsIgnoringCase("timed out");
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }
}
