package hangar.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.HangarException;
import hangar.drone.DroneRequestException;
import hangar.drone.DroneUnreachableException;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The status and type each kind of failure a route lets out answers with, through a real Javalin
 * server on loopback: a drone that cannot be reached or refuses is the drone's failure (502), not
 * the request's (400), and a full disk is the server's (503).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorMappingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private Javalin app;

  @BeforeAll
  void start() {
    app =
        Javalin.create(
                cfg -> {
                  cfg.startup.showJavalinBanner = false;
                  cfg.routes.get(
                      "/api/v1/unreachable",
                      ctx -> {
                        throw new DroneUnreachableException("worker w2 is not connected");
                      });
                  cfg.routes.get(
                      "/api/v1/refused",
                      ctx -> {
                        throw new DroneRequestException("bad-request", "no such file on drone d1");
                      });
                  cfg.routes.get(
                      "/api/v1/ours",
                      ctx -> {
                        throw new HangarException("label names are at most 255 characters");
                      });
                  cfg.routes.get(
                      "/api/v1/full",
                      ctx -> {
                        throw new SQLException(
                            "write failed", new IOException("No space left on device"));
                      });
                  cfg.routes.get(
                      "/page",
                      ctx -> {
                        throw new IllegalArgumentException("a <b> in the name");
                      });
                  ErrorMapping.install(cfg.routes);
                })
            .start("127.0.0.1", 0);
  }

  @AfterAll
  void stop() {
    app.stop();
  }

  @Test
  void a_drone_that_cannot_be_reached_or_refuses_answers_502() throws Exception {
    assertAnswer("/api/v1/unreachable", 502, "DRONE_UNAVAILABLE", "worker w2 is not connected");
    assertAnswer("/api/v1/refused", 502, "DRONE_UNAVAILABLE", "no such file on drone d1");
  }

  @Test
  void a_request_hangar_refuses_answers_400_and_a_full_disk_503() throws Exception {
    assertAnswer("/api/v1/ours", 400, "BAD_REQUEST", "label names are at most 255 characters");
    assertAnswer("/api/v1/full", 503, "STORAGE_FULL", "No space left on device");
  }

  @Test
  void a_browser_asking_for_a_page_gets_the_error_as_a_page_and_a_client_asking_json_gets_json()
      throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> page =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/page"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(400);
      assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
      assertThat(page.body()).contains("a &lt;b&gt; in the name");
      HttpResponse<String> json =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/page"))
                  .header("Accept", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(JSON.readTree(json.body()).get("type").asText()).isEqualTo("BAD_REQUEST");
    }
  }

  private void assertAnswer(String path, int status, String type, String title) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
      JsonNode error = JSON.readTree(answer.body());
      assertThat(error.get("type").asText()).isEqualTo(type);
      assertThat(error.get("title").asText()).contains(title);
    }
  }
}
