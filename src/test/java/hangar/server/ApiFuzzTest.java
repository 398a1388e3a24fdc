package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.server.FuzzRoutes.Route;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of a real server (frontend only, so nothing changes behind the test's back) gets
 * malformed bodies, fields, path segments and query values with the admin token. Each answer must
 * be below 500, an error in the API's JSON shape without internals, and a refused write must leave
 * every list as it was. Failures are gathered and reported together. Run on each database by the
 * subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiFuzzTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final Set<String> VOLATILE =
      Set.of(
          "last_heartbeat",
          "running",
          "free",
          "version",
          "state",
          // A refused login counts a failure and may lock its user out: that is its job.
          "locked_until",
          "last_used_on");

  @TempDir static Path dir;

  private DatabaseSettings database;
  private ServerRole server;
  FuzzClient client;
  Map<String, Route> routes;
  private final Set<String> findings = new LinkedHashSet<>();
  private String state;

  abstract DbType type();

  @BeforeAll
  void startServer() throws IOException {
    database = TestDatabases.fresh(type());
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), database);
    server =
        ServerRole.start(
            GlobalConfig.load(config),
            dir.resolve("var"),
            "127.0.0.1",
            0,
            false,
            Clock.systemUTC());
    client = new FuzzClient("http://127.0.0.1:" + server.port(), server.adminToken());
    client.expect(201, "POST", "/api/v1/labels", name(FuzzRoutes.LABEL));
    client.expect(201, "POST", "/api/v1/labels", name(FuzzRoutes.GROUP_LABEL));
    ObjectNode host = JSON.createObjectNode().put("hostname", FuzzRoutes.HOST);
    host.putArray("labels").add(FuzzRoutes.LABEL);
    client.expect(201, "POST", "/api/v1/hosts", host.put("power_on", "true"));
    client.expect(201, "POST", "/api/v1/atomicgroups", name(FuzzRoutes.GROUP));
    client.expect(
        200,
        "PUT",
        "/api/v1/atomicgroups/" + FuzzRoutes.GROUP + "/labels/" + FuzzRoutes.GROUP_LABEL,
        null);
    client.expect(201, "POST", "/api/v1/drones", name(FuzzRoutes.WORKER));
    long job = client.expect(201, "POST", "/api/v1/jobs", FuzzRoutes.newJob()).get("id").asLong();
    ObjectNode user = JSON.createObjectNode().put("login", FuzzRoutes.USER);
    client.expect(201, "POST", "/api/v1/users", user.put("password", FuzzRoutes.PASSWORD));
    client.expect(201, "POST", "/api/v1/acls", name(FuzzRoutes.ACL));
    ObjectNode token = JSON.createObjectNode().put("user", FuzzRoutes.USER).put("name", "fixture");
    long tokenId = client.expect(201, "POST", "/api/v1/tokens", token).at("/about/id").asLong();
    routes = FuzzRoutes.all(job, tokenId);
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
    if (database != null) {
      TestDatabases.drop(database);
    }
  }

  @BeforeEach
  void forgetTheLab() {
    state = null; // another test may have changed it
  }

  @Test
  void the_fuzz_table_names_every_route_the_server_serves() {
    assertThat(routes.keySet())
        .as("FuzzRoutes must list every route of ApiServer; add the new ones")
        .containsExactlyInAnyOrderElementsOf(server.routes());
  }

  @Test
  void every_sample_body_is_accepted_so_the_fuzzing_starts_from_valid_requests() {
    for (Route route : withBodies()) {
      if (route.key().equals("POST /api/v1/login")) {
        // Other tests' refused logins may have locked the fixture user out; a new password clears
        // that.
        client.expect(
            200,
            "PATCH",
            "/api/v1/users/" + FuzzRoutes.USER,
            JSON.createObjectNode().put("password", FuzzRoutes.PASSWORD));
      }
      HttpResponse<String> answer =
          client.send(route.method(), route.validPath(), route.body().get().toString());
      assertThat(answer.statusCode()).as(route.key() + ": " + answer.body()).isBetween(200, 299);
    }
  }

  @Test
  void malformed_bodies_get_a_clean_refusal_that_changes_nothing() {
    for (Route route : withBodies()) {
      List<String> bodies = new ArrayList<>(BadInputs.BODIES);
      bodies.add(BadInputs.HUGE_BODY);
      for (String body : bodies) {
        attempt(route, route.validPath(), body, "body " + FuzzClient.abbreviate(body));
      }
    }
    report();
  }

  @Test
  void each_malformed_field_gets_a_clean_answer_and_a_refusal_changes_nothing() {
    for (Route route : withBodies()) {
      for (String field : fieldsOf(route.body().get())) {
        ObjectNode without = route.body().get();
        without.remove(field);
        attempt(route, route.validPath(), without.toString(), "without " + field);
        for (String value : BadInputs.VALUES) {
          ObjectNode sample = route.body().get();
          sample.put(field, "@@FUZZ@@");
          String body = sample.toString().replace("\"@@FUZZ@@\"", value);
          attempt(route, route.validPath(), body, field + "=" + FuzzClient.abbreviate(value));
        }
      }
    }
    report();
  }

  @Test
  void malformed_path_segments_get_a_clean_answer() {
    for (Route route : routes.values()) {
      for (String param : route.params().keySet()) {
        for (String segment : BadInputs.SEGMENTS) {
          Map<String, String> values = new LinkedHashMap<>(route.params());
          values.put(param, segment);
          String body = route.body() == null ? null : route.body().get().toString();
          attempt(route, route.path(values), body, param + "=" + FuzzClient.abbreviate(segment));
        }
      }
    }
    report();
  }

  private List<Route> withBodies() {
    return routes.values().stream().filter(r -> r.body() != null).toList();
  }

  /** Sends one malformed request and checks its answer and, if refused, that nothing changed. */
  void attempt(Route route, String path, String body, String what) {
    String method = route.method().equals("WS") ? "GET" : route.method();
    boolean write = WRITES.contains(method);
    HttpResponse<String> answer;
    if (route.key().equals(FuzzRoutes.REVOKES_ITS_TOKEN)) {
      // It revokes the token it comes with: a throwaway one, never the admin's.
      ObjectNode throwaway = JSON.createObjectNode().put("name", "throwaway");
      String token = client.expect(201, "POST", "/api/v1/tokens", throwaway).get("token").asText();
      state = null;
      String before = state();
      answer = client.send(method, path, body, "Bearer " + token);
      check(route.key() + " " + what, answer, answer.statusCode() >= 400 ? before : null);
      return;
    }
    String before = write ? state() : null;
    answer = client.send(method, path, body);
    check(route.key() + " " + what, answer, before);
  }

  void check(String what, HttpResponse<String> answer, String before) {
    try {
      FuzzClient.assertClean(what, answer);
      if (before != null && answer.statusCode() >= 400) {
        state = snapshot();
        assertThat(state).as(what + " was refused but changed the lab").isEqualTo(before);
      } else if (before != null) {
        state = null; // an accepted write changed the lab: read it again before the next one
      }
    } catch (AssertionError e) {
      state = null;
      findings.add(e.getMessage().strip());
    }
  }

  /** The lab as the last refused write left it, read again when something may have changed. */
  private String state() {
    if (state == null) {
      state = snapshot();
    }
    return state;
  }

  void report() {
    List<String> found = List.copyOf(findings);
    findings.clear();
    assertThat(found).as(found.size() + " findings:\n" + String.join("\n\n", found)).isEmpty();
  }

  /** Every list the API answers (without volatile drone fields), as one text. */
  String snapshot() {
    StringBuilder text = new StringBuilder();
    List<String> lists = new ArrayList<>();
    for (Route route : routes.values()) {
      if (route.method().equals("GET")
          && route.params().isEmpty()
          && route.pattern().startsWith("/api/v1/")
          && !route.pattern().equals("/api/v1/server")) {
        lists.add(route.pattern());
      }
    }
    for (Map.Entry<String, String> list : client.getAll(lists).entrySet()) {
      JsonNode node = FuzzClient.read(list.getValue());
      strip(node);
      text.append(list.getKey()).append(' ').append(node).append('\n');
    }
    return text.toString();
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      boolean disabled = object.path("state").asText().equals("disabled");
      object.remove(VOLATILE);
      if (object.has("kind")) {
        object.put("disabled", disabled);
      }
      object.forEach(ApiFuzzTest::strip);
    } else if (node.isArray()) {
      node.forEach(ApiFuzzTest::strip);
    }
  }

  private static List<String> fieldsOf(ObjectNode body) {
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    return fields;
  }

  private static ObjectNode name(String name) {
    return JSON.createObjectNode().put("name", name);
  }
}
