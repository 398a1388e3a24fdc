package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.testing.ApiSamples;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's tests run against {@link ApiSamples}, served by a contract server; this test asks a
 * real server (H2) each request a sample stands for and checks that the real reply has the sample's
 * shape: the same field names and JSON types, all the way down, with values free to differ. So the
 * samples, and the CLI written against them, cannot drift from the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiSamplesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Objects whose keys are values (statuses), not field names: only their values are compared. */
  private static final Set<String> MAPS = Set.of("counts");

  @TempDir static Path dir;

  private DatabaseSettings database;
  private ServerRole server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Set<String> drift = new java.util.LinkedHashSet<>();

  @BeforeAll
  void start() throws Exception {
    database = TestDatabases.fresh(DbType.H2);
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), database);
    server =
        ServerRole.start(
            GlobalConfig.load(config), dir.resolve("var"), "127.0.0.1", 0, Clock.systemUTC());
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

  @Test
  void every_sample_has_the_shape_of_the_real_servers_reply() throws Exception {
    same(
        "POST /api/v1/labels",
        ApiSamples.LABEL,
        call("POST", "/api/v1/labels", "{\"name\": \"x86_64\"}", 201));
    call("POST", "/api/v1/labels", "{\"name\": \"arm\", \"platform\": true}", 201);
    call("POST", "/api/v1/labels", "{\"name\": \"usb\"}", 201);
    same("GET /api/v1/labels", ApiSamples.LABELS, call("GET", "/api/v1/labels", null, 200));

    same(
        "POST /api/v1/hosts",
        ApiSamples.HOST,
        call(
            "POST",
            "/api/v1/hosts",
            "{\"hostname\": \"localhost\", \"labels\": [\"x86_64\"]}",
            201));
    same(
        "POST /api/v1/hosts (locked)",
        ApiSamples.LOCKED_HOST,
        call(
            "POST",
            "/api/v1/hosts",
            "{\"hostname\": \"board7\", \"labels\": [\"arm\", \"usb\"], \"locked\": true,"
                + " \"lock_reason\": \"flaky disk\", \"protection\": \"Do not repair\"}",
            201));
    same("GET /api/v1/hosts", ApiSamples.HOSTS, call("GET", "/api/v1/hosts", null, 200));
    same(
        "PATCH /api/v1/hosts/{hostname}",
        ApiSamples.HOST,
        call("PATCH", "/api/v1/hosts/localhost", "{\"locked\": false}", 200));

    call("POST", "/api/v1/labels", "{\"name\": \"rack1-a\"}", 201);
    same(
        "POST /api/v1/atomicgroups",
        ApiSamples.ATOMIC_GROUP,
        call(
            "POST",
            "/api/v1/atomicgroups",
            "{\"name\": \"rack1\", \"description\": \"first rack\", \"max_number_of_machines\": 4}",
            201));
    same(
        "PUT /api/v1/atomicgroups/{name}/labels/{label}",
        ApiSamples.ATOMIC_GROUP,
        call("PUT", "/api/v1/atomicgroups/rack1/labels/rack1-a", null, 200));
    call("POST", "/api/v1/atomicgroups", "{\"name\": \"rack2\"}", 201);
    same(
        "GET /api/v1/atomicgroups",
        ApiSamples.ATOMIC_GROUPS,
        call("GET", "/api/v1/atomicgroups", null, 200));

    JsonNode created =
        call(
            "POST",
            "/api/v1/jobs",
            "{\"name\": \"first\", \"control_file\": \"job.run_test('sleeptest', seconds: 1)\","
                + " \"hosts\": [\"localhost\"]}",
            201);
    same(
        "POST /api/v1/jobs",
        ApiSamples.job("Queued", ApiSamples.entry(7, "localhost", "Queued")),
        created);
    long id = created.get("id").asLong();
    same(
        "POST /api/v1/jobs:batch",
        ApiSamples.CREATED_JOBS,
        call(
            "POST",
            "/api/v1/jobs:batch",
            "{\"jobs\": [{\"name\": \"b1\", \"control_file\": \"job.run_test('sleeptest', seconds:"
                + " 1)\", \"hosts\": [\"localhost\"]}, {\"name\": \"b2\", \"control_file\":"
                + " \"job.run_test('sleeptest', seconds: 1)\", \"hosts\": [\"localhost\"]}]}",
            201));
    same("GET /api/v1/jobs", ApiSamples.JOBS, call("GET", "/api/v1/jobs", null, 200));
    same("GET /api/v1/jobs/{id}", ApiSamples.JOB, call("GET", "/api/v1/jobs/" + id, null, 200));
    same(
        "POST /api/v1/jobs/{id}/abort",
        ApiSamples.job("Aborted", ApiSamples.ENTRY),
        call("POST", "/api/v1/jobs/" + id + "/abort", null, 200));

    same(
        "POST /api/v1/hosts/{hostname}/reverify",
        ApiSamples.REVERIFY,
        call("POST", "/api/v1/hosts/board7/reverify", null, 202));
    same(
        "GET /api/v1/hosts/{hostname}",
        ApiSamples.HOST_WITH_ENTRIES,
        call("GET", "/api/v1/hosts/localhost", null, 200));

    Path folder = Files.createDirectories(server.resultsDir().resolve("99-admin/localhost/debug"));
    Files.writeString(folder.resolveSibling("status.log"), "START\tshell\n");
    same(
        "GET /results/<folder>/",
        ApiSamples.listing(
            "99-admin/localhost/", ApiSamples.file("status.log", 812), ApiSamples.folder("debug")),
        call("GET", "/results/99-admin/localhost/", null, 200));
    same(
        "GET /api/v1/hosts/{unknown}",
        ApiSamples.error(404, "NOT_FOUND", "host 'nope' not found"),
        call("GET", "/api/v1/hosts/nope", null, 404));
    same("GET /api/v1/server", ApiSamples.SERVER, call("GET", "/api/v1/server", null, 200));

    assertThat(drift).as("where ApiSamples differs from the real server's replies").isEmpty();
  }

  private JsonNode call(String method, String path, String body, int status) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Authorization", "Bearer " + server.adminToken())
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> reply = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(reply.statusCode()).as(method + " " + path + ": " + reply.body()).isEqualTo(status);
    return JSON.readTree(reply.body());
  }

  private void same(String request, String sample, JsonNode real) throws Exception {
    compare(request + " ", JSON.readTree(sample), real, false);
  }

  /**
   * Adds to {@link #drift} where {@code real} differs in shape from {@code sample}. A null on
   * either side matches anything (the field is there; its value differs); a list's items are each
   * compared with the other side's first.
   */
  private void compare(String where, JsonNode sample, JsonNode real, boolean valuesOnly) {
    if (sample.isNull() || real.isNull()) {
      return;
    }
    if (sample.getNodeType() != real.getNodeType()
        || sample.isIntegralNumber() != real.isIntegralNumber()) {
      drift.add(where + ": the sample has " + type(sample) + ", the server " + type(real));
      return;
    }
    if (sample.isObject()) {
      if (valuesOnly) {
        JsonNode first = sample.elements().hasNext() ? sample.elements().next() : null;
        real.elements().forEachRemaining(v -> compareWith(where + "[*]", first, v));
        return;
      }
      Set<String> sampleKeys = keys(sample);
      Set<String> realKeys = keys(real);
      for (String key : sampleKeys) {
        if (!realKeys.contains(key)) {
          drift.add(where + key + ": in the sample, not in the server's reply");
        }
      }
      for (String key : realKeys) {
        if (!sampleKeys.contains(key)) {
          drift.add(where + key + ": in the server's reply, not in the sample");
        } else {
          compare(where + key + ".", sample.get(key), real.get(key), MAPS.contains(key));
        }
      }
    } else if (sample.isArray() && !sample.isEmpty() && !real.isEmpty()) {
      for (JsonNode item : real) {
        compare(where + "[]", sample.get(0), item, false);
      }
      for (JsonNode item : sample) {
        compare(where + "[]", item, real.get(0), false);
      }
    }
  }

  private void compareWith(String where, JsonNode sample, JsonNode real) {
    if (sample != null) {
      compare(where, sample, real, false);
    }
  }

  private static Set<String> keys(JsonNode object) {
    Set<String> keys = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      keys.add(it.next().getKey());
    }
    return keys;
  }

  private static String type(JsonNode node) {
    return node.isNumber()
        ? (node.isIntegralNumber() ? "a whole number" : "a fraction")
        : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }
}
