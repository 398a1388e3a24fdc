package hangar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerSectionTest {
  @TempDir Path dir;

  private Path write(String content) throws IOException {
    return Files.writeString(dir.resolve("global_config.ini"), content);
  }

  @Test
  void without_the_section_the_server_speaks_http_on_every_interface_and_reads_need_a_token() {
    ServerSettings server = GlobalConfig.defaults().server();

    assertThat(server.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(server.isTls()).isFalse();
    assertThat(server.anonymousRead()).isFalse();
    assertThat(server.metricsAnonymous()).isFalse();
  }

  @Test
  void every_key_is_read() throws IOException {
    Path file =
        write(
            """
            [SERVER]
            bind_address: 127.0.0.1
            tls_cert: /etc/hangar/tls/cert.pem
            tls_key: /etc/hangar/tls/key.pem
            anonymous_read: yes
            metrics_anonymous: True
            warn_free_space_mb: 200
            """);

    GlobalConfig config = GlobalConfig.load(file);

    assertThat(config.warnings()).isEmpty();
    assertThat(config.server())
        .isEqualTo(
            new ServerSettings(
                "127.0.0.1",
                Path.of("/etc/hangar/tls/cert.pem"),
                Path.of("/etc/hangar/tls/key.pem"),
                true,
                true,
                200));
    assertThat(config.server().isTls()).isTrue();
  }

  @Test
  void free_space_warnings_start_at_a_gigabyte_and_refuse_a_negative_size() throws IOException {
    assertThat(GlobalConfig.load(write("[SERVER]\n")).server().warnFreeSpaceMb())
        .isEqualTo(ServerSettings.DEFAULT_WARN_FREE_SPACE_MB)
        .isEqualTo(1024);
    Path negative = write("[SERVER]\nwarn_free_space_mb: -1\n");

    assertThatThrownBy(() -> GlobalConfig.load(negative))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("warn_free_space_mb");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "::1 | ::1",
        "[::] | ::",
        "hangar.lab.example.org | hangar.lab.example.org",
        "10.1.2.3 | 10.1.2.3"
      })
  void bind_address_takes_ip_literals_and_host_names(String value, String expected)
      throws IOException {
    Path file = write("[SERVER]\nbind_address: " + value + "\n");

    assertThat(GlobalConfig.load(file).server().bindAddress()).isEqualTo(expected);
  }

  @Test
  void empty_tls_keys_mean_plain_http() throws IOException {
    Path file = write("[SERVER]\ntls_cert:\ntls_key:\n");

    assertThat(GlobalConfig.load(file).server().isTls()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "bind_address: lab server | bind_address: must be an address of this machine such as"
            + " 0.0.0.0 (every interface), 127.0.0.1, :: or a host name, was 'lab server'",
        "bind_address: | bind_address: must be an address of this machine such as 0.0.0.0"
            + " (every interface), 127.0.0.1, :: or a host name, was ''",
        "anonymous_read: maybe | anonymous_read: must be true or false, was maybe",
        "metrics_anonymous: 2 | metrics_anonymous: must be true or false, was 2",
        "tls_cert: cert.pem | tls_cert: must be the absolute path of a PEM file, such as"
            + " /etc/hangar/tls/cert.pem, was cert.pem",
        "tls_key: tls/key.pem | tls_key: must be the absolute path of a PEM file, such as"
            + " /etc/hangar/tls/key.pem, was tls/key.pem",
      })
  void a_wrong_value_names_file_line_key_and_accepted_values(String line, String expected)
      throws IOException {
    Path file = write("[SERVER]\n" + line + "\n");

    assertThatThrownBy(() -> GlobalConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":2: " + expected);
  }

  @Test
  void a_certificate_without_its_key_stops_start_up() throws IOException {
    Path file = write("[SERVER]\nbind_address: 0.0.0.0\ntls_cert: /etc/hangar/cert.pem\n");

    assertThatThrownBy(() -> GlobalConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ":3: tls_cert: needs tls_key, the file with this certificate's private key;"
                + " set both");
  }

  @Test
  void a_key_without_its_certificate_stops_start_up() throws IOException {
    Path file = write("[SERVER]\ntls_key: /etc/hangar/key.pem\n");

    assertThatThrownBy(() -> GlobalConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ":2: tls_key: needs tls_cert, the file with the certificate of this key; set both");
  }

  @Test
  void autotest_server_keys_are_warnings() throws IOException {
    Path file = write("[SERVER]\nhostname: autotest\nrpc_logging: False\nport: 80\n");

    assertThat(GlobalConfig.load(file).warnings())
        .containsExactly(
            file + ":2: hostname: Autotest key not used by Hangar, ignored",
            file + ":3: rpc_logging: Autotest key not used by Hangar, ignored",
            file + ":4: port: unknown key, ignored");
  }

  @Test
  void the_record_refuses_half_a_tls_pair() {
    assertThatThrownBy(
            () -> new ServerSettings("0.0.0.0", Path.of("/etc/cert.pem"), null, false, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tls_cert and tls_key go together");
  }
}
