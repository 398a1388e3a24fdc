package hangar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.testing.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandTest {
  @TempDir Path dir;

  @Test
  void a_bad_config_value_stops_start_up_with_file_line_and_key() throws IOException {
    Path config = dir.resolve("global_config.ini");
    Files.writeString(config, "[SCHEDULER]\ndrones: localhost\nmax_processes_per_drone: -3\n");

    CliRunner.Result result =
        CliRunner.run(
            "server",
            "--config",
            config.toString(),
            "--data",
            dir.resolve("var").toString(),
            "--port",
            "0");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("hangar server: " + config + ":3: max_processes_per_drone: ")
        .contains("-3");
    assertThat(dir.resolve("var")).doesNotExist();
  }

  @Test
  void a_tls_file_it_cannot_use_stops_start_up_naming_the_file() throws IOException {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "not a certificate\n");
    Path config =
        Files.writeString(
            dir.resolve("global_config.ini"),
            "[SERVER]\nbind_address: 127.0.0.1\ntls_cert: "
                + cert
                + "\ntls_key: "
                + dir.resolve("key.pem")
                + "\n");

    CliRunner.Result result =
        CliRunner.run(
            "server",
            "--config",
            config.toString(),
            "--data",
            dir.resolve("var").toString(),
            "--port",
            "0");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("hangar server: tls_cert " + cert + ": holds no certificate;");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void a_missing_config_file_named_on_the_command_line_is_an_error() {
    CliRunner.Result result =
        CliRunner.run("server", "--config", dir.resolve("nope.ini").toString(), "--port", "0");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("nope.ini").contains("does not exist");
  }

  @Test
  void help_explains_the_options() {
    CliRunner.Result result = CliRunner.run("server", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("--port").contains("--data").contains("--config");
  }
}
