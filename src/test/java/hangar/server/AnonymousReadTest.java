package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [SERVER] anonymous_read} and {@code metrics_anonymous} open reads, never writes. */
class AnonymousReadTest {
  @TempDir Path dir;

  @Test
  void anonymous_read_opens_every_read_and_no_write() throws Exception {
    try (Lab lab = start("anonymous_read: true")) {
      assertThat(lab.get("/api/v1/hosts")).isEqualTo(200);
      assertThat(lab.get("/api/v1/jobs")).isEqualTo(200);
      assertThat(lab.get("/results/")).isEqualTo(200);
      assertThat(lab.get("/metrics")).isEqualTo(200);
      assertThat(lab.post("/api/v1/labels", "{\"name\": \"sneaky\"}")).isEqualTo(401);
    }
  }

  @Test
  void metrics_anonymous_opens_the_metrics_alone() throws Exception {
    try (Lab lab = start("metrics_anonymous: true")) {
      assertThat(lab.get("/metrics")).isEqualTo(200);
      assertThat(lab.get("/api/v1/hosts")).isEqualTo(401);
      assertThat(lab.get("/results/")).isEqualTo(401);
    }
  }

  private Lab start(String serverLine) throws Exception {
    DatabaseSettings database = TestDatabases.fresh(DbType.H2);
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), database);
    Files.writeString(config, "\n[SERVER]\n" + serverLine + "\n", StandardOpenOption.APPEND);
    ServerRole server =
        ServerRole.start(
            GlobalConfig.load(config), dir.resolve("var"), "127.0.0.1", 0, Clock.systemUTC());
    return new Lab(server, database);
  }

  private record Lab(ServerRole server, DatabaseSettings database) implements AutoCloseable {
    int get(String path) throws Exception {
      return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    int post(String path, String json) throws Exception {
      return send(
          HttpRequest.newBuilder(uri(path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .build());
    }

    private URI uri(String path) {
      return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static int send(HttpRequest request) throws Exception {
      try (HttpClient http = HttpClient.newHttpClient()) {
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      }
    }

    @Override
    public void close() {
      server.closeWithDrone();
      TestDatabases.drop(database);
    }
  }
}
