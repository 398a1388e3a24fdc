package hangar.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab benchmark's hosts let in, with the one key its config names, a user that is not root, so
 * that nothing run on a "host" can reboot or change this machine.
 */
class LoopbackHostsTest {
  @TempDir Path tmp;

  @Test
  void each_host_lets_the_shared_key_in_as_a_user_that_is_not_root() throws Exception {
    Path dir = tmp.resolve("hosts");
    // The login user reads its authorized keys from under the folder: let it through.
    java.nio.file.Files.setPosixFilePermissions(
        tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    try (LoopbackHosts hosts = LoopbackHosts.start(dir, 2)) {
      assertThat(hosts.sshSection()).contains("identity_files: ").contains("known_hosts_file: ");
      String key =
          hosts
              .sshSection()
              .lines()
              .filter(l -> l.startsWith("identity_files: "))
              .findFirst()
              .orElseThrow()
              .substring("identity_files: ".length());
      String known =
          hosts
              .sshSection()
              .lines()
              .filter(l -> l.startsWith("known_hosts_file: "))
              .findFirst()
              .orElseThrow()
              .substring("known_hosts_file: ".length());
      for (int i = 0; i < hosts.size(); i++) {
        var record = hosts.record(i, "lab");
        assertThat(record.get("hostname").asText()).isEqualTo("127.0.2." + (i + 1));
        assertThat(record.get("labels").get(0).asText()).isEqualTo("lab");
        Process ssh =
            new ProcessBuilder(
                    List.of(
                        "ssh",
                        "-i",
                        key,
                        "-o",
                        "BatchMode=yes",
                        "-o",
                        "IdentitiesOnly=yes",
                        "-o",
                        "UserKnownHostsFile=" + known,
                        "-o",
                        "StrictHostKeyChecking=yes",
                        "-p",
                        record.get("ssh_port").asText(),
                        record.get("ssh_user").asText() + "@" + hosts.name(i),
                        "id -u"))
                .redirectErrorStream(true)
                .start();
        String out = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ssh.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ssh.exitValue()).as(out).isZero();
        assertThat(out.strip())
            .as("the uid the host's sessions run as")
            .matches("[0-9]+")
            .isNotEqualTo("0");
      }
    }
  }
}
