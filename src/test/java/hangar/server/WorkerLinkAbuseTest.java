package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that sends what it may not, against a real server: each bad frame closes its link with
 * 1008 and a reason naming what was wrong, and a worker that answers requests with garbage never
 * makes the server answer anybody with a 5xx.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerLinkAbuseTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HELLO =
      "{\"hello\":{\"name\":\"bad\",\"version\":\"1\",\"results_root\":\"/srv/bad\","
          + "\"heartbeat_millis\":60000}}";

  @TempDir static Path dir;

  private DatabaseSettings database;
  private ServerRole server;
  private String token;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    database = TestDatabases.fresh(DbType.H2);
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), database);
    server =
        ServerRole.start(
            GlobalConfig.load(config), dir.resolve("var"), "127.0.0.1", 0, Clock.systemUTC());
    HttpResponse<String> created =
        http.send(
            request("/api/v1/drones")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bad\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    token = JSON.readTree(created.body()).get("token").asText();
  }

  @AfterAll
  void stop() {
    http.shutdownNow();
    if (server != null) {
      server.closeWithDrone();
    }
    if (database != null) {
      TestDatabases.drop(database);
    }
  }

  /** One bad frame: what comes before it on the link, the frame, and what the reason says. */
  private record Case(boolean greeted, String frame, String reason) {}

  @Test
  void each_bad_frame_closes_the_link_with_1008_and_a_reason_naming_what_was_wrong()
      throws Exception {
    List<Case> cases =
        List.of(
            new Case(
                false,
                "{\"heartbeat\":1}",
                "the first frame must be a hello; this was a heartbeat"),
            new Case(
                false,
                "{\"seq\":1,\"reply\":\"{}\"}",
                "the first frame must be a hello; this was a reply"),
            new Case(
                false, HELLO.replace("bad\",\"v", "other\",\"v"), "field 'hello.name' is 'other'"),
            new Case(
                false, HELLO.replace("}}", ",\"color\":\"red\"}}"), "unknown field 'hello.color'"),
            new Case(
                false, HELLO.replace(",\"version\":\"1\"", ""), "field 'hello.version' is missing"),
            new Case(
                false,
                HELLO.replace("60000", "\"60000\""),
                "field 'hello.heartbeat_millis' must be a whole number"),
            new Case(
                false, HELLO.replace("60000", "9223372036854775807"), "must be from 1 to 86400000"),
            new Case(
                false,
                HELLO.replace("\"1\"", "null"),
                "field 'hello.version' must be text, was null"),
            new Case(false, "[".repeat(5000) + "]".repeat(5000), "a frame must be JSON"),
            new Case(false, "not json", "a frame must be JSON"),
            new Case(true, HELLO, "a second hello on one link"),
            new Case(
                true,
                "{\"heartbeat\":1,\"seq\":2}",
                "unknown field 'seq'; a heartbeat takes heartbeat"),
            new Case(
                true,
                "{\"heartbeat\":{\"nested\":{\"deeper\":[1]}}}",
                "field 'heartbeat' must be a whole number of 64 bits, was an object"),
            new Case(true, "{\"heartbeat\":1e999}", "field 'heartbeat' must be a whole number"),
            new Case(
                true,
                "{\"heartbeat\":123456789012345678901234567890}",
                "was a number out of range"),
            new Case(true, "{\"reply\":\"{}\"}", "field 'seq' is missing from the reply"),
            new Case(true, "{\"seq\":1,\"reply\":7}", "field 'reply' must be text, was a number"),
            new Case(
                true,
                "{\"seq\":1,\"request\":\"{\\\"op\\\":\\\"ping\\\"}\"}",
                "a worker answers requests and sends none"),
            new Case(
                true,
                "{\"" + "\u00e9".repeat(500) + "\":1}",
                "a frame holds exactly one of hello"));
    for (Case c : cases) {
      Link link = Link.open(http, server.port(), "bad", token);
      if (c.greeted()) {
        link.send(HELLO);
        // Dropped, and the link stays: the close that follows is for the frame after them.
        link.send("{\"seq\":42,\"reply\":\"{\\\"ok\\\":true}\"}");
        link.send("{\"heartbeat\":" + Long.MAX_VALUE + "}");
      }
      link.send(c.frame());
      Closed closed = link.closed();
      assertThat(closed.status()).as(c.frame() + " -> " + closed).isEqualTo(1008);
      assertThat(closed.reason()).as(c.frame()).contains(c.reason());
      assertThat(get("/api/v1/drones").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void a_worker_answering_requests_with_garbage_never_makes_the_server_fail_inside()
      throws Exception {
    List<String> garbage =
        List.of(
            "not json",
            "",
            "{}",
            "null",
            "[".repeat(5000) + "]".repeat(5000),
            "{\"ok\":true}",
            "{\"ok\":false}",
            "{\"ok\":false,\"error\":\"shutting-down\"}",
            "{\"ok\":\"yes\",\"files\":{\"a\":1}}",
            "{\"ok\":true,\"files\":[null],\"sessions\":[null],\"results\":[null]}",
            "{\"ok\":true,\"files\":[{\"path\":null}],\"sessions\":[{\"sessionId\":null}]}",
            "{\"ok\":true,\"version\":\"1\",\"protocol\":6,\"pid\":1,\"sessions\":[],"
                + "\"files\":[{\"path\":\"status.log\",\"directory\":false,\"size\":12}],"
                + "\"data\":\"%%% not base64\",\"size\":12}",
            "{\"ok\":true,\"version\":\"1\",\"protocol\":6,\"pid\":1,\"sessions\":[],"
                + "\"files\":[{\"path\":\"status.log\",\"directory\":false,\"size\":12}],"
                + "\"data\":\"aGVsbG8=\",\"size\":-3}",
            "{\"ok\":true,\"files\":[{\"path\":\"status.log\",\"directory\":false,"
                + "\"size\":99999999999999999999999}]}",
            "{\"ok\":true,\"version\":null,\"protocol\":1e999,\"pid\":-1,\"sessions\":[{}]}");
    Link link = Link.open(http, server.port(), "bad", token);
    link.send(HELLO);
    for (String answer : garbage) {
      link.answerWith(answer);
      for (String path :
          List.of(
              "/results/7-nobody/status.log",
              "/results/7-nobody/",
              "/results/7-nobody/status.log?offset=3",
              "/api/v1/drones",
              "/api/v1/hosts")) {
        HttpResponse<String> reply = get(path);
        String what = path + " while the worker answers " + shortened(answer) + ": " + reply.body();
        // The drone's garbage is the drone's failure (502), never the server's own (500).
        if (reply.statusCode() >= 500) {
          assertThat(reply.statusCode()).as(what).isEqualTo(502);
          assertThat(reply.body()).as(what).contains("\"type\":\"DRONE_UNAVAILABLE\"");
        }
      }
    }
    assertThat(link.isOpen())
        .as("garbage inside a reply is the drone protocol's, not the link's")
        .isTrue();
    link.abort();
  }

  private static String shortened(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + server.adminToken());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        request(path).header("Accept", "application/json").GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** How a link was closed. */
  @Test
  void binary_frames_before_the_hello_or_too_short_close_the_link_and_stray_ones_are_dropped()
      throws Exception {
    Link early = Link.open(http, server.port(), "bad", token);
    early.sendBinary(new byte[16]);
    assertThat(early.closed().status()).isEqualTo(1008);
    assertThat(early.closed().reason()).contains("a binary frame before the hello");

    Link greeted = Link.open(http, server.port(), "bad", token);
    greeted.send(HELLO);
    // A frame of a stream nobody asked for: dropped, and the link stays for the next frame.
    greeted.sendBinary(new byte[] {0, 0, 0, 0, 0, 0, 0, 7, 'b', 1, 2, 3});
    greeted.sendBinary(new byte[] {1, 2, 3});
    assertThat(greeted.closed().status()).isEqualTo(1008);
    assertThat(greeted.closed().reason()).contains("a folder frame of 3 bytes");
    assertThat(get("/api/v1/drones").statusCode()).isEqualTo(200);
  }

  private record Closed(int status, String reason) {}

  /** A worker's end of a link, scripted by the test. */
  private static final class Link implements WebSocket.Listener {
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile String answer;
    private WebSocket socket;

    static Link open(HttpClient http, int port, String name, String token) throws Exception {
      Link link = new Link();
      link.socket =
          http.newWebSocketBuilder()
              .header("Authorization", "Bearer " + token)
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + port + "/api/v1/workers/" + name + "/link"), link)
              .get(10, TimeUnit.SECONDS);
      return link;
    }

    void send(String frame) throws Exception {
      socket.sendText(frame, true).get(10, TimeUnit.SECONDS);
    }

    void sendBinary(byte[] frame) throws Exception {
      socket.sendBinary(java.nio.ByteBuffer.wrap(frame), true).get(10, TimeUnit.SECONDS);
    }

    /** From now on, answers every request with this reply line. */
    void answerWith(String line) {
      answer = line;
    }

    Closed closed() throws Exception {
      return closed.get(10, TimeUnit.SECONDS);
    }

    boolean isOpen() {
      return !closed.isDone() && !socket.isInputClosed();
    }

    void abort() {
      socket.abort();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String frame = partial.toString();
        partial.setLength(0);
        received.add(frame);
        String line = answer;
        if (line != null) {
          try {
            JsonNode request = JSON.readTree(frame);
            webSocket.sendText(
                JSON.createObjectNode()
                    .put("seq", request.get("seq").asLong())
                    .put("reply", line)
                    .toString(),
                true);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the server sent a frame that is not JSON", e);
          }
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int status, String reason) {
      closed.complete(new Closed(status, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
