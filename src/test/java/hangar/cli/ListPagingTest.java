package hangar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import hangar.testing.CliRunner;
import hangar.testing.CliRunner.Result;
import hangar.tls.ClientTls;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CLI reads lists page by page as docs/api.md says: {@code limit} at most 1000 and the {@code
 * Link} header's next page, against a real HTTP server on loopback that pages 2,500 labels.
 */
class ListPagingTest {
  private static final int LABELS = 2500;

  private final List<String> queries = new CopyOnWriteArrayList<>();
  private Javalin app;
  private String url;

  @BeforeEach
  void start() {
    app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.routes.get("/api/v1/labels", this::labels);
              config.routes.get("/api/v1/loop", this::loop);
              config.routes.get("/api/v1/elsewhere", this::elsewhere);
            });
    app.start("127.0.0.1", 0);
    url = "http://127.0.0.1:" + app.port();
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  /** Labels l0000 to l2499, paged by name as the server pages them. */
  private void labels(Context ctx) {
    queries.add(ctx.queryString());
    int limit = Integer.parseInt(ctx.queryParam("limit"));
    String after = ctx.queryParam("after");
    int from = after == null ? 0 : Integer.parseInt(after.substring(1)) + 1;
    int to = Math.min(LABELS, from + limit);
    ArrayNode page = ApiClient.JSON.createArrayNode();
    for (int i = from; i < to; i++) {
      page.addObject().put("name", String.format("l%04d", i)).put("host_count", 0);
    }
    if (to < LABELS) {
      String next = String.format("l%04d", to - 1);
      ctx.header("Link", "</api/v1/labels?limit=" + limit + "&after=" + next + ">; rel=\"next\"");
    }
    ctx.json(page);
  }

  /** A broken server: an empty page that links to itself. */
  private void loop(Context ctx) {
    queries.add(ctx.queryString());
    ctx.header("Link", "</api/v1/loop?after=x>; rel=\"next\"").json(List.of());
  }

  /** A page whose next link points at another server, which the CLI does not follow. */
  private void elsewhere(Context ctx) {
    queries.add(ctx.queryString());
    ctx.header("Link", "<http://192.0.2.1/steal>; rel=\"next\"").json(List.of(1));
  }

  @Test
  void label_list_follows_the_next_links_through_every_page() throws Exception {
    Result result = CliRunner.run("label", "list", "--json", "--server", url);

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode labels = ApiClient.JSON.readTree(result.out());
    assertThat(labels).hasSize(LABELS);
    assertThat(labels.get(0).get("name").asText()).isEqualTo("l0000");
    assertThat(labels.get(LABELS - 1).get("name").asText()).isEqualTo("l2499");
    assertThat(queries)
        .containsExactly("limit=1000", "after=l0999&limit=1000", "after=l1999&limit=1000");
  }

  @Test
  void a_limit_stops_reading_once_it_has_enough() throws Exception {
    Result result = CliRunner.run("label", "list", "--json", "-n", "1500", "--server", url);

    assertThat(ApiClient.JSON.readTree(result.out())).hasSize(1500);
    assertThat(queries).containsExactly("limit=1000", "after=l0999&limit=500");
  }

  @Test
  void an_empty_page_or_a_link_to_another_server_ends_the_list() {
    ApiClient client =
        ApiClient.create(
            URI.create(url), what -> "unused", () -> null, ClientTls.create(null, "", ""));

    assertThat(client.list("/api/v1/loop", Integer.MAX_VALUE)).isEmpty();
    assertThat(client.list("/api/v1/elsewhere", Integer.MAX_VALUE)).hasSize(1);
    assertThat(queries).containsExactly("limit=1000", "limit=1000");
  }
}
