package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.testing.CliRunner;
import hangar.testing.Eventually;
import hangar.testing.ServerClient;
import hangar.testing.SmallDisk;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The all-in-one server with its data directory (embedded H2 database, results, drone) on a small
 * disk that fills up. Every write is then either stored or refused with 503: none is acknowledged
 * and lost. Once space is freed the server takes writes again without a restart, and after a
 * restart every acknowledged label, host and job is there.
 */
class DiskFullEndToEndTest {
  private static final int DISK_MB = 48;
  private static final int MAX_WRITES_WHILE_FULL = 60;
  private static final int WARN_MB = 8;

  @TempDir Path dir;

  private SmallDisk disk;
  private ServerRole server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.closeWithDrone();
    }
    if (disk != null) {
      disk.close();
    }
  }

  @Test
  void a_full_data_directory_refuses_writes_with_503_and_loses_nothing_acknowledged()
      throws Exception {
    disk = SmallDisk.mount(dir.resolve("var"), DISK_MB);
    Path file = TestConfigs.write(dir.resolve("global_config.ini"), TestDatabases.fresh(DbType.H2));
    Files.writeString(
        file, "\n[SERVER]\nwarn_free_space_mb: " + WARN_MB + "\n", StandardOpenOption.APPEND);
    GlobalConfig config = GlobalConfig.load(file);
    server = start(config);
    FuzzClient client = client();
    List<String> labels = new ArrayList<>();
    List<String> hosts = new ArrayList<>();
    List<Long> jobs = new ArrayList<>();
    assertThat(createLabel(client, "before").statusCode()).isEqualTo(201);
    labels.add("before");
    assertThat(createHost(client, "h-before").statusCode()).isEqualTo(201);
    hosts.add("h-before");
    HttpResponse<String> job = createJob(client, "j-before", "h-before");
    assertThat(job.statusCode()).as(job.body()).isEqualTo(201);
    jobs.add(FuzzClient.read(job.body()).get("id").asLong());

    assertThat(dataFolder(client).get("low").asBoolean()).as("low before the disk fills").isFalse();
    assertThat(client.send("GET", "/metrics", null).body())
        .contains("hangar_storage_free_bytes{folder=\"data\"}")
        .contains("hangar_storage_free_bytes{folder=\"results\"}");

    disk.fill();
    // A read may meet the moment H2 closes its file after a failed write, and answer 503.
    Eventually.await(
        Duration.ofSeconds(30),
        "the data directory shown as low on space",
        () -> {
          HttpResponse<String> server = client.send("GET", "/api/v1/server", null);
          if (server.statusCode() != 200) {
            return false;
          }
          JsonNode data = FuzzClient.read(server.body()).at("/storage/0");
          return data.get("low").asBoolean()
              && data.get("free_bytes").asLong() < WARN_MB * 1024L * 1024;
        });
    List<HttpResponse<String>> refused = new ArrayList<>();
    for (int i = 0; i < MAX_WRITES_WHILE_FULL && refused.size() < 3; i++) {
      HttpResponse<String> answer =
          switch (i % 3) {
            case 0 -> createLabel(client, "full-" + i);
            case 1 -> createHost(client, "h-full-" + i);
            default -> createJob(client, "j-full-" + i, "h-before");
          };
      assertThat(answer.statusCode()).as(answer.body()).isIn(201, 503);
      if (answer.statusCode() == 503) {
        refused.add(answer);
      } else {
        switch (i % 3) {
          case 0 -> labels.add("full-" + i);
          case 1 -> hosts.add("h-full-" + i);
          default -> jobs.add(FuzzClient.read(answer.body()).get("id").asLong());
        }
      }
    }
    assertThat(refused).as("writes refused while the disk is full").isNotEmpty();
    for (HttpResponse<String> answer : refused) {
      JsonNode error = FuzzClient.read(answer.body());
      assertThat(error.get("status").asInt()).isEqualTo(503);
      assertThat(error.get("type").asText()).isIn("STORAGE_FULL", "DATABASE_UNAVAILABLE");
      assertThat(error.get("title").asText()).containsAnyOf("storage", "database");
    }

    // The CLI prints the refusal and fails; should this write have fitted after all, it is kept.
    CliRunner.Result cli =
        new ServerClient("http://127.0.0.1:" + server.port(), server.adminToken())
            .cli("label", "create", "cli-full");
    if (cli.exitCode() == 0) {
      labels.add("cli-full");
    } else {
      assertThat(cli.err()).containsAnyOf("storage is full", "database is unavailable");
    }

    disk.free();
    Eventually.await(
        Duration.ofSeconds(30),
        "a label created once space is back",
        () -> createLabel(client, "after").statusCode() == 201);
    labels.add("after");
    assertThat(createHost(client, "h-after").statusCode()).isEqualTo(201);
    hosts.add("h-after");
    HttpResponse<String> after = createJob(client, "j-after", "h-after");
    assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
    jobs.add(FuzzClient.read(after.body()).get("id").asLong());

    server.closeWithDrone();
    server = null;
    server = start(config);
    FuzzClient again = client();
    for (String label : labels) {
      assertThat(again.send("GET", "/api/v1/labels?limit=1000", null).body())
          .as("label " + label)
          .contains("\"" + label + "\"");
    }
    for (String host : hosts) {
      assertThat(again.send("GET", "/api/v1/hosts/" + host, null).statusCode())
          .as("host " + host)
          .isEqualTo(200);
    }
    for (long id : jobs) {
      assertThat(again.send("GET", "/api/v1/jobs/" + id, null).statusCode())
          .as("job " + id)
          .isEqualTo(200);
    }
  }

  /** The data directory's entry in {@code GET /api/v1/server}. */
  private static JsonNode dataFolder(FuzzClient client) {
    HttpResponse<String> answer = client.send("GET", "/api/v1/server", null);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode data = FuzzClient.read(answer.body()).at("/storage/0");
    assertThat(data.get("name").asText()).isEqualTo("data");
    return data;
  }

  private ServerRole start(GlobalConfig config) {
    return ServerRole.start(config, disk.path(), "127.0.0.1", 0, true, Clock.systemUTC());
  }

  private FuzzClient client() {
    return new FuzzClient("http://127.0.0.1:" + server.port(), server.adminToken());
  }

  private static HttpResponse<String> createLabel(FuzzClient client, String name) {
    return client.send("POST", "/api/v1/labels", "{\"name\": \"" + name + "\"}");
  }

  private static HttpResponse<String> createHost(FuzzClient client, String name) {
    // Locked: the scheduler leaves it alone, so the test's jobs stay queued.
    return client.send(
        "POST", "/api/v1/hosts", "{\"hostname\": \"" + name + "\", \"locked\": true}");
  }

  private static HttpResponse<String> createJob(FuzzClient client, String name, String host) {
    return client.send(
        "POST",
        "/api/v1/jobs",
        "{\"name\": \""
            + name
            + "\", \"control_file\": \"job.run_test('sleeptest', seconds: 1)\", \"hosts\": [\""
            + host
            + "\"]}");
  }
}
