package hangar.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Every route of the API as {@link ApiFuzzTest} attacks it: the path parameters that name the
 * fixtures it creates, the body a valid request carries (for routes that read one), and the query
 * parameters the route reads. {@link ApiFuzzTest} checks this table against the server's own route
 * list, so a new route without an entry here fails the build.
 */
final class FuzzRoutes {
  static final String HOST = "fuzz-host";
  static final String LABEL = "fuzz-label";
  static final String GROUP = "fuzz-group";
  static final String GROUP_LABEL = "fuzz-group-label";
  static final String WORKER = "fuzz-worker";
  static final String USER = "fuzz-user";
  static final String PASSWORD = "fuzz user's password";
  static final String ACL = "fuzz-acl";

  /** Writes that need no token: logging in and out. */
  static final java.util.Set<String> OPEN_WRITES =
      java.util.Set.of("POST /api/v1/login", "POST /api/v1/logout");

  /** The route that revokes the token it comes with: fuzzed with throwaway tokens. */
  static final String REVOKES_ITS_TOKEN = "DELETE /api/v1/tokens/current";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger FRESH = new AtomicInteger();

  private FuzzRoutes() {}

  /**
   * One route.
   *
   * @param key {@code METHOD path} as {@link ServerRole#routes()} lists it
   * @param params a valid value of each path parameter (a fixture), in the order of the path
   * @param body makes a fresh valid body (new names each time), or null when the route reads none
   * @param query the query parameters it reads
   */
  record Route(
      String key, Map<String, String> params, Supplier<ObjectNode> body, List<String> query) {
    String method() {
      return key.substring(0, key.indexOf(' '));
    }

    String pattern() {
      return key.substring(key.indexOf(' ') + 1);
    }

    /** The path with each parameter replaced by the given (already encoded) values. */
    String path(Map<String, String> values) {
      String path = pattern();
      for (Map.Entry<String, String> e : values.entrySet()) {
        path = path.replace("{" + e.getKey() + "}", e.getValue());
        path = path.replace("<" + e.getKey() + ">", e.getValue());
      }
      return path;
    }

    /** The path naming the fixtures. */
    String validPath() {
      return path(params);
    }
  }

  private static List<String> with(List<String> first, String... more) {
    List<String> all = new java.util.ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }

  /** Every route, by key. */
  static Map<String, Route> all(long jobId, long tokenId) {
    Map<String, Route> routes = new LinkedHashMap<>();
    add(routes, "GET /", Map.of(), null, List.of());
    add(routes, "GET /metrics", Map.of(), null, List.of());
    add(routes, "GET /api/v1/server", Map.of(), null, List.of());
    add(routes, "GET /results", Map.of(), null, List.of("offset"));
    add(routes, "GET /results/", Map.of(), null, List.of("offset"));
    add(routes, "GET /results/<path>", Map.of("path", "hosts"), null, List.of("offset"));

    String host = "/api/v1/hosts/{hostname}";
    add(routes, "GET /api/v1/hosts", Map.of(), null, List.of("deleted", "limit", "after"));
    add(routes, "POST /api/v1/hosts", Map.of(), FuzzRoutes::newHost, List.of());
    add(routes, "GET " + host, Map.of("hostname", HOST), null, List.of());
    add(routes, "PATCH " + host, Map.of("hostname", HOST), FuzzRoutes::hostChange, List.of());
    add(routes, "DELETE " + host, Map.of("hostname", HOST), null, List.of("force"));
    add(routes, "POST " + host + "/reverify", Map.of("hostname", HOST), null, List.of());
    add(routes, "POST " + host + "/power", Map.of("hostname", HOST), FuzzRoutes::power, List.of());

    Map<String, String> labelHost = ordered("name", LABEL, "hostname", HOST);
    add(routes, "GET /api/v1/labels", Map.of(), null, List.of("limit", "after"));
    add(routes, "POST /api/v1/labels", Map.of(), FuzzRoutes::newLabel, List.of());
    add(routes, "DELETE /api/v1/labels/{name}", Map.of("name", LABEL), null, List.of("force"));
    add(routes, "PUT /api/v1/labels/{name}/hosts/{hostname}", labelHost, null, List.of());
    add(routes, "DELETE /api/v1/labels/{name}/hosts/{hostname}", labelHost, null, List.of());

    String groups = "/api/v1/atomicgroups";
    Map<String, String> groupLabel = ordered("name", GROUP, "label", GROUP_LABEL);
    add(routes, "GET " + groups, Map.of(), null, List.of("limit", "after"));
    add(routes, "POST " + groups, Map.of(), FuzzRoutes::newGroup, List.of());
    add(routes, "GET " + groups + "/{name}", Map.of("name", GROUP), null, List.of());
    add(routes, "DELETE " + groups + "/{name}", Map.of("name", GROUP), null, List.of("force"));
    add(routes, "PUT " + groups + "/{name}/labels/{label}", groupLabel, null, List.of());
    add(routes, "DELETE " + groups + "/{name}/labels/{label}", groupLabel, null, List.of());

    Map<String, String> job = Map.of("id", Long.toString(jobId));
    add(
        routes,
        "GET /api/v1/jobs",
        Map.of(),
        null,
        List.of("owner", "status", "name", "label", "since", "until", "limit", "after"));
    add(routes, "POST /api/v1/jobs", Map.of(), FuzzRoutes::newJob, List.of());
    add(routes, "POST /api/v1/jobs:batch", Map.of(), FuzzRoutes::newJobs, List.of());
    add(routes, "GET /api/v1/jobs/{id}", job, null, List.of());
    add(routes, "POST /api/v1/jobs/{id}/abort", job, null, List.of());
    add(routes, "GET /api/v1/jobs/{id}/tests", job, null, List.of());

    // The web pages: the same answers to bad input as the API (JSON for a client that asks).
    add(routes, "GET /login", Map.of(), null, List.of("next"));
    add(routes, "GET /live/dashboard", Map.of(), null, List.of());
    add(
        routes,
        "GET /jobs",
        Map.of(),
        null,
        List.of("owner", "status", "name", "label", "since", "until", "after"));
    add(routes, "GET /jobs/new", Map.of(), null, List.of("clone"));
    add(routes, "GET /jobs/{id}", job, null, List.of());
    add(routes, "GET /live/jobs/{id}", job, null, List.of());
    add(routes, "GET /hosts", Map.of(), null, List.of("label", "status", "locked", "acl", "from"));
    add(routes, "GET /hosts/{hostname}", Map.of("hostname", HOST), null, List.of());
    add(routes, "GET /drones", Map.of(), null, List.of());
    List<String> filters = List.of("test", "host", "label", "job", "kernel");
    add(routes, "GET /analysis", Map.of(), null, with(filters, "by"));
    add(routes, "GET /analysis/runs", Map.of(), null, with(filters, "status"));
    add(routes, "GET /analysis/perf", Map.of(), null, with(filters, "metric", "by"));
    add(
        routes,
        "GET /analysis/compare",
        Map.of(),
        null,
        with(filters, "a_job", "b_job", "a_kernel", "b_kernel", "threshold"));
    add(routes, "GET /api/v1/results/grid", Map.of(), null, with(filters, "by"));
    add(routes, "GET /api/v1/results/runs", Map.of(), null, with(filters, "status", "limit"));
    add(routes, "GET /api/v1/results/perf", Map.of(), null, with(filters, "metric", "by"));
    add(routes, "GET /api/v1/results/metrics", Map.of(), null, filters);
    add(
        routes,
        "GET /api/v1/results/compare",
        Map.of(),
        null,
        with(filters, "a_job", "b_job", "a_kernel", "b_kernel", "threshold"));

    add(routes, "GET /api/v1/drones", Map.of(), null, List.of());
    add(routes, "POST /api/v1/drones", Map.of(), FuzzRoutes::newWorker, List.of());
    add(
        routes,
        "PATCH /api/v1/drones/{name}",
        Map.of("name", WORKER),
        () -> JSON.createObjectNode().put("enabled", true),
        List.of());
    add(routes, "WS /api/v1/workers/{name}/link", Map.of("name", WORKER), null, List.of());
    addPeople(routes, tokenId);
    return routes;
  }

  private static void addPeople(Map<String, Route> routes, long tokenId) {
    String user = "/api/v1/users/{login}";
    add(routes, "GET /api/v1/users", Map.of(), null, List.of());
    add(routes, "POST /api/v1/users", Map.of(), FuzzRoutes::newUser, List.of());
    add(routes, "GET " + user, Map.of("login", USER), null, List.of());
    add(
        routes,
        "PATCH " + user,
        Map.of("login", USER),
        () -> JSON.createObjectNode().put("admin", false).put("password", PASSWORD),
        List.of());
    add(routes, "DELETE " + user, Map.of("login", USER), null, List.of());

    String acl = "/api/v1/acls/{name}";
    add(routes, "GET /api/v1/acls", Map.of(), null, List.of());
    add(
        routes,
        "POST /api/v1/acls",
        Map.of(),
        () -> JSON.createObjectNode().put("name", fresh("fz-acl")).put("description", "fuzz"),
        List.of());
    add(routes, "GET " + acl, Map.of("name", ACL), null, List.of());
    add(routes, "DELETE " + acl, Map.of("name", ACL), null, List.of());
    Map<String, String> aclUser = ordered("name", ACL, "login", USER);
    add(routes, "PUT " + acl + "/users/{login}", aclUser, null, List.of());
    add(routes, "DELETE " + acl + "/users/{login}", aclUser, null, List.of());
    Map<String, String> aclHost = ordered("name", ACL, "hostname", HOST);
    add(routes, "PUT " + acl + "/hosts/{hostname}", aclHost, null, List.of());
    add(routes, "DELETE " + acl + "/hosts/{hostname}", aclHost, null, List.of());

    add(routes, "GET /api/v1/tokens", Map.of(), null, List.of("user"));
    add(
        routes,
        "POST /api/v1/tokens",
        Map.of(),
        () -> JSON.createObjectNode().put("name", fresh("fz-token")).put("expires_days", 30),
        List.of());
    add(routes, REVOKES_ITS_TOKEN, Map.of(), null, List.of());
    add(
        routes,
        "DELETE /api/v1/tokens/{id}",
        Map.of("id", Long.toString(tokenId)),
        null,
        List.of());

    add(
        routes,
        "POST /api/v1/login",
        Map.of(),
        () -> JSON.createObjectNode().put("login", USER).put("password", PASSWORD),
        List.of());
    add(routes, "POST /api/v1/logout", Map.of(), null, List.of());
    add(routes, "GET /api/v1/whoami", Map.of(), null, List.of());
  }

  static ObjectNode newUser() {
    return JSON.createObjectNode()
        .put("login", fresh("fz-user"))
        .put("admin", false)
        .put("password", PASSWORD);
  }

  private static void add(
      Map<String, Route> routes,
      String key,
      Map<String, String> params,
      Supplier<ObjectNode> body,
      List<String> query) {
    routes.put(key, new Route(key, params, body, query));
  }

  private static Map<String, String> ordered(String k1, String v1, String k2, String v2) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }

  private static String fresh(String prefix) {
    return prefix + "-" + FRESH.incrementAndGet();
  }

  static ObjectNode newHost() {
    ObjectNode body = JSON.createObjectNode().put("hostname", fresh("fz-host"));
    body.putArray("labels").add(LABEL);
    return body.put("locked", true)
        .put("lock_reason", "fuzzed")
        .put("protection", "No protection")
        .put("ssh_user", "root")
        .put("ssh_port", 2222)
        .put("power_on", "true")
        .put("power_off", "true")
        .put("power_reset", "true")
        .put("console", "true");
  }

  static ObjectNode hostChange() {
    return JSON.createObjectNode()
        .put("locked", true)
        .put("lock_reason", "fuzzed")
        .put("protection", "No protection")
        .put("ssh_user", "root")
        .put("ssh_port", 2222)
        .put("power_on", "true")
        .put("power_off", "true")
        .put("power_reset", "true")
        .put("console", "true");
  }

  static ObjectNode power() {
    return JSON.createObjectNode().put("action", "on");
  }

  static ObjectNode newLabel() {
    return JSON.createObjectNode()
        .put("name", fresh("fz-label"))
        .put("platform", false)
        .put("only_if_needed", false);
  }

  static ObjectNode newGroup() {
    return JSON.createObjectNode()
        .put("name", fresh("fz-group"))
        .put("description", "fuzzed")
        .put("max_number_of_machines", 2);
  }

  static ObjectNode newWorker() {
    return JSON.createObjectNode().put("name", fresh("fz-worker"));
  }

  static ObjectNode newJobs() {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("jobs").add(newJob()).add(newJob());
    return body;
  }

  static ObjectNode newJob() {
    ObjectNode body =
        JSON.createObjectNode()
            .put("name", fresh("fuzz job"))
            .put("control_file", "job.run_test('sleeptest', seconds: 1)")
            .put("control_type", "Client");
    body.putArray("hosts").add(HOST);
    body.putArray("meta_hosts");
    body.put("priority", 1)
        .put("synch_count", 1)
        .put("timeout_minutes", 60)
        .put("max_runtime_minutes", 60)
        .put("run_verify", false)
        .put("reboot_before", "Never")
        .put("reboot_after", "Never")
        .put("email_list", "fuzz@example.org");
    body.putArray("dependencies").add(LABEL);
    return body.putNull("atomic_group");
  }
}
