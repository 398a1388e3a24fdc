package hangar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.config.ServerSettings;
import hangar.testing.CliRunner;
import hangar.testing.CliRunner.Result;
import hangar.testing.ContractServer;
import hangar.testing.TestCa;
import hangar.testing.TestCa.KeyFormat;
import hangar.testing.TestCa.KeyType;
import hangar.tls.ClientTls;
import hangar.tls.ServerTls;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against an https server whose certificate a test CA signed: trusted through {@code
 * --ca-file} or {@code HANGAR_CA_FILE}, refused with a sentence that says why otherwise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiOptionsCaFileTest {
  @TempDir static Path dir;

  private ContractServer server;
  private String url;
  private Path labCa;
  private Path otherCa;
  private CliEnvironment previous;

  @BeforeAll
  void start() {
    TestCa ca = TestCa.create("Hangar Lab CA");
    TestCa.Issued issued = ca.issue(KeyType.EC, "localhost");
    labCa = ca.writeCertificate(dir.resolve("lab-ca.pem"));
    otherCa = TestCa.create("Someone Else's CA").writeCertificate(dir.resolve("other-ca.pem"));
    server =
        ContractServer.start(
            ServerTls.load(
                new ServerSettings(
                    "127.0.0.1",
                    issued.writeChain(dir.resolve("cert.pem")),
                    issued.writeKey(dir.resolve("key.pem"), KeyFormat.PKCS8),
                    false,
                    false),
                Clock.systemUTC()));
    url = server.url().replace("127.0.0.1", "localhost");
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @BeforeEach
  void noEnvironment() {
    previous = use(Map.of());
  }

  @AfterEach
  void restoreEnvironment() {
    CliEnvironment.install(previous);
  }

  private static CliEnvironment use(Map<String, String> variables) {
    return CliEnvironment.install(
        new CliEnvironment(variables, Path.of("no-such-token-file"), Clock.systemUTC()));
  }

  @Test
  void the_ca_file_option_makes_the_servers_certificate_trusted() {
    Result result = CliRunner.run("host", "list", "--server", url, "--ca-file", labCa.toString());

    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(url).startsWith("https://localhost:");
  }

  @Test
  void the_ca_file_comes_from_the_environment_when_no_option_names_one() {
    use(Map.of(ClientTls.CA_FILE_VARIABLE, labCa.toString()));

    Result result = CliRunner.run("host", "list", "--server", url);

    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void the_option_wins_over_the_environment() {
    use(Map.of(ClientTls.CA_FILE_VARIABLE, otherCa.toString()));

    Result result = CliRunner.run("host", "list", "--server", url, "--ca-file", labCa.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  @Test
  void a_certificate_no_trusted_ca_signed_is_refused_naming_server_cause_and_way_out() {
    Result result = CliRunner.run("host", "list", "--server", url);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .isEqualTo(
            "the Hangar server at "
                + url
                + " presented a certificate that does not verify: no CA this machine trusts"
                + " signed it (unable to find valid certification path to requested target); if"
                + " your lab has its own CA, give its certificate with --ca-file FILE or"
                + " HANGAR_CA_FILE\n");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void a_ca_file_of_another_ca_is_named_in_the_refusal() {
    use(Map.of(ClientTls.CA_FILE_VARIABLE, otherCa.toString()));

    Result result = CliRunner.run("host", "list", "--server", url);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith(
            "the Hangar server at "
                + url
                + " presented a certificate that does not verify: no CA in "
                + otherCa
                + " signed it (");
  }

  @Test
  void a_name_the_certificate_does_not_list_is_refused() {
    String byOtherName = server.url(); // 127.0.0.1: the certificate lists only localhost

    Result result =
        CliRunner.run("host", "list", "--server", byOtherName, "--ca-file", labCa.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "the Hangar server at "
                + byOtherName
                + " presented a certificate that does not verify: it is not issued for that name"
                + " (No subject alternative names matching IP address 127.0.0.1 found); use a name the"
                + " certificate lists in the URL, or reissue it with this one\n");
  }

  @Test
  void a_missing_ca_file_is_named() {
    Path missing = dir.resolve("nope.pem");

    Result result = CliRunner.run("host", "list", "--server", url, "--ca-file", missing.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo("--ca-file " + missing + ": does not exist; check the path\n");
  }

  @Test
  void https_to_a_plain_server_says_it_does_not_speak_tls() {
    try (ContractServer plain = ContractServer.start()) {
      String url = plain.url().replace("http://", "https://");

      Result result = CliRunner.run("host", "list", "--server", url);

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.err())
          .startsWith("the Hangar server at " + url + " does not speak TLS on that port (")
          .endsWith("); if it serves plain HTTP, use an http:// URL\n");
    }
  }
}
