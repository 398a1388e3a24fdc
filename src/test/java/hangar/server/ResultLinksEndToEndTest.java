package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.config.GlobalConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /results} on a real server with real symbolic links in a job's folder: links to {@code
 * /etc/passwd} and to folders outside are listed without their target's size or kind and refused
 * with {@code 403}; links that stay inside are served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResultLinksEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private ServerRole server;
  private String url;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start_a_frontend_with_links_in_its_results() throws Exception {
    // A frontend alone (no drone to start); its results folder is what is listed.
    server =
        ServerRole.start(
            GlobalConfig.defaults(), dir.resolve("var"), "127.0.0.1", 0, false, Clock.systemUTC());
    url = "http://127.0.0.1:" + server.port();
    Path board = Files.createDirectories(server.resultsDir().resolve("7-eve/board7"));
    Files.writeString(board.resolve("status.log"), "START\tshell\n");
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "not for the web");
    Files.createSymbolicLink(board.resolve("passwd"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(board.resolve("etc"), Path.of("/etc"));
    Files.createSymbolicLink(board.resolve("outside"), outside);
    Files.createSymbolicLink(board.resolve("log"), Path.of("status.log"));
    Files.createSymbolicLink(server.resultsDir().resolve("8-eve"), outside);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void a_json_listing_shows_links_out_with_nothing_of_their_target() throws Exception {
    HttpResponse<String> listed = get("/results/7-eve/board7/", "application/json");

    assertThat(listed.statusCode()).isEqualTo(200);
    JsonNode entries = JSON.readTree(listed.body()).get("entries");
    assertThat(entries.toString())
        .isEqualTo(
            "["
                + "{\"name\":\"etc\",\"directory\":false,\"size\":0,\"link\":\"outside\"},"
                + "{\"name\":\"log\",\"directory\":false,\"size\":12,\"link\":\"inside\"},"
                + "{\"name\":\"outside\",\"directory\":false,\"size\":0,\"link\":\"outside\"},"
                + "{\"name\":\"passwd\",\"directory\":false,\"size\":0,\"link\":\"outside\"},"
                + "{\"name\":\"status.log\",\"directory\":false,\"size\":12}]");
    JsonNode top = JSON.readTree(get("/results/", "application/json").body()).get("entries");
    assertThat(top.toString())
        .contains("{\"name\":\"8-eve\",\"directory\":false,\"size\":0,\"link\":\"outside\"}");
  }

  @Test
  void an_html_listing_names_a_link_out_without_a_link_to_follow_or_a_size() throws Exception {
    String html = get("/results/7-eve/board7/", "text/html").body();

    assertThat(html)
        .contains("passwd (symbolic link out of the results folder)")
        .doesNotContain("href=\"passwd\"")
        .contains("<a href=\"log\">log</a> (12 bytes) (symbolic link)")
        .doesNotContain(Long.toString(Files.size(Path.of("/etc/passwd"))) + " bytes");
  }

  @Test
  void reading_through_a_link_out_is_refused_with_403_and_through_one_inside_served()
      throws Exception {
    for (String path :
        new String[] {
          "/results/7-eve/board7/passwd",
          "/results/7-eve/board7/etc/hostname",
          "/results/7-eve/board7/etc/",
          "/results/7-eve/board7/outside/secret",
          "/results/8-eve/secret",
          "/results/8-eve/"
        }) {
      HttpResponse<String> refused = get(path, "application/json");
      assertThat(refused.statusCode()).as(path).isEqualTo(403);
      assertThat(JSON.readTree(refused.body()).get("title").asText())
          .contains("is a symbolic link")
          .contains("outside the results folder");
      assertThat(refused.body()).doesNotContain("root:").doesNotContain("not for the web");
    }
    HttpResponse<String> inside = get("/results/7-eve/board7/log", "text/plain");
    assertThat(inside.statusCode()).isEqualTo(200);
    assertThat(inside.body()).isEqualTo("START\tshell\n");
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url + path))
            .header("Accept", accept)
            .header("Authorization", "Bearer " + server.adminToken())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
