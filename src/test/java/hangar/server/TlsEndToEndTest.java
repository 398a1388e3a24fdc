package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.testing.CliRunner;
import hangar.testing.Eventually;
import hangar.testing.HangarProcess;
import hangar.testing.TestCa;
import hangar.testing.TestCa.KeyFormat;
import hangar.testing.TestCa.KeyType;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server over HTTPS only, with a certificate of a CA made in the test: the CLI (in this JVM)
 * and a worker (a real {@code hangar drone --master https://...} process, over {@code wss://})
 * trust it through {@code --ca-file}, and a job runs on the worker and is read back. Without the CA
 * both refuse the server and say why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private DatabaseSettings database;
  private ServerRole server;
  private String url;
  private Path caFile;
  private Path otherCaFile;
  private final List<HangarProcess> workers = new ArrayList<>();

  @BeforeAll
  void start() throws IOException {
    TestCa ca = TestCa.create("Hangar Lab Root");
    TestCa.Issued issued =
        ca.intermediate("Hangar Lab Issuing CA").issue(KeyType.RSA, "localhost", "127.0.0.1");
    caFile = ca.writeCertificate(dir.resolve("lab-ca.pem"));
    otherCaFile = TestCa.create("Another Root").writeCertificate(dir.resolve("other-ca.pem"));
    Path cert = issued.writeChain(dir.resolve("cert.pem"));
    Path key = issued.writeKey(dir.resolve("key.pem"), KeyFormat.TRADITIONAL);
    database = TestDatabases.fresh(DbType.H2);
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), database);
    Files.writeString(
        config,
        "\n[SERVER]\nbind_address: 127.0.0.1\ntls_cert: " + cert + "\ntls_key: " + key + "\n",
        StandardOpenOption.APPEND);
    server =
        ServerRole.start(
            GlobalConfig.load(config), dir.resolve("var"), "127.0.0.1", 0, Clock.systemUTC());
    url = "https://127.0.0.1:" + server.port();
  }

  @AfterAll
  void stop() {
    for (HangarProcess worker : workers) {
      worker.close();
    }
    for (String name : List.of("w1", "w2")) {
      CliRunner.run("drone", "--dir", dir.resolve(name + "/drone").toString(), "--stop");
    }
    if (server != null) {
      server.closeWithDrone();
    }
    if (database != null) {
      TestDatabases.drop(database);
    }
  }

  @Test
  void the_cli_and_a_worker_run_a_job_over_tls_with_the_labs_ca() throws Exception {
    String token = createWorker("w1");
    HangarProcess worker = startWorker("w1", token, caFile);
    awaitState("w1", "online");
    assertThat(cli("host", "create", "localhost").exitCode()).isZero();
    assertThat(cli("drone", "mod", "localhost", "--disable").exitCode()).isZero();
    try {
      Path control =
          Files.writeString(
              dir.resolve("tls.control"), "job.run_test('shell', command: 'echo ran-over-tls')\n");
      CliRunner.Result job =
          cli("job", "create", "-m", "localhost", "-f", control.toString(), "tls", "--json");
      assertThat(job.exitCode()).as(job.err()).isZero();
      String id = JSON.readTree(job.out()).get("id").asText();

      CliRunner.Result watched = cli("job", "watch", id, "--timeout", "120");
      assertThat(watched.exitCode()).as(watched.out() + watched.err()).isZero();
      JsonNode stat = JSON.readTree(cli("job", "stat", id, "--json").out());
      assertThat(stat.at("/entries/0/drone").asText()).isEqualTo("w1");
      assertThat(stat.at("/entries/0/status").asText()).isEqualTo("Completed");
      CliRunner.Result stdout = cli("job", "results", id, "localhost/shell/debug/stdout");
      assertThat(stdout.exitCode()).as(stdout.err()).isZero();
      assertThat(stdout.out()).isEqualTo("ran-over-tls\n");
      assertThat(worker.output(Pattern.compile("worker w1 linked to (wss://\\S+)")))
          .first()
          .isEqualTo("wss://127.0.0.1:" + server.port() + "/api/v1/workers/w1/link");
    } finally {
      assertThat(cli("drone", "mod", "localhost", "--enable").exitCode()).isZero();
    }
  }

  @Test
  void a_worker_without_the_labs_ca_refuses_the_server_and_says_why() {
    String token = createWorker("w2");
    HangarProcess worker = startWorker("w2", token, otherCaFile);

    List<String> refusals =
        worker.awaitOutput(
            Pattern.compile("ERROR .*(the Hangar server at wss://.*)"), 1, Duration.ofSeconds(60));

    assertThat(refusals.get(0))
        .startsWith(
            "the Hangar server at wss://127.0.0.1:"
                + server.port()
                + "/api/v1/workers/w2/link presented a certificate that does not verify: no CA in "
                + otherCaFile
                + " signed it (");
    assertThat(worker.output(Pattern.compile("worker w2 linked"))).isEmpty();
  }

  @Test
  void the_cli_without_the_labs_ca_refuses_the_server_and_says_how_to_trust_it() {
    CliRunner.Result result =
        CliRunner.run("host", "list", "--server", url, "--token", server.adminToken());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("the Hangar server at " + url + " presented a certificate that does not verify")
        .contains("--ca-file FILE or HANGAR_CA_FILE");
  }

  @Test
  void plain_http_to_the_https_port_is_told_to_use_https() {
    String plain = url.replace("https://", "http://");

    CliRunner.Result result = CliRunner.run("host", "list", "--server", plain);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .isEqualTo(
            "the Hangar server at "
                + plain
                + " answered in TLS: it serves HTTPS, so use an https:// URL\n");
  }

  private String createWorker(String name) {
    CliRunner.Result created = cli("drone", "create", name, "--json");
    assertThat(created.exitCode()).as(created.err()).isZero();
    try {
      return JSON.readTree(created.out()).get("token").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HangarProcess startWorker(String name, String token, Path ca) {
    Path droneDir = dir.resolve(name + "/drone");
    try {
      Files.createDirectories(droneDir.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HangarProcess worker =
        HangarProcess.start(
            droneDir.resolveSibling("worker.log"),
            "drone",
            "--dir",
            droneDir.toString(),
            "--master",
            url,
            "--ca-file",
            ca.toString(),
            "--name",
            name,
            "--token",
            token,
            "--heartbeat",
            "1");
    workers.add(worker);
    return worker;
  }

  private void awaitState(String drone, String state) throws InterruptedException {
    Eventually.await(
        Duration.ofSeconds(60),
        drone + " " + state,
        () -> {
          try {
            for (JsonNode d : JSON.readTree(cli("drone", "list", "--json").out())) {
              if (d.get("name").asText().equals(drone)) {
                return d.get("state").asText().equals(state);
              }
            }
            return false;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private CliRunner.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of("--server", url, "--token", server.adminToken(), "--ca-file", caFile.toString()));
    return CliRunner.run(all.toArray(String[]::new));
  }
}
