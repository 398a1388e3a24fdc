package hangar.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@link LoadBenchmark} does to the server: sets up a small lab over the API, then runs
 * clients that each loop over a mix of what users and their scripts ask (lists, details, new labels
 * and jobs, result files, {@code /metrics}) until a deadline, counting requests and errors by kind.
 */
final class LoadClients {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  static final int LABELS = 10;
  static final int HOSTS = 100;
  private static final int SEED_JOBS = 200;
  private static final int FINISHED_JOBS = 3;

  /** One kind of request and its share of the mix, in percent. */
  private enum Op {
    LIST_JOBS(22),
    LIST_QUEUED_JOBS(8),
    LIST_HOSTS(10),
    JOB_DETAILS(15),
    HOST_DETAILS(6),
    LIST_LABELS(4),
    CREATE_LABEL(3),
    CREATE_JOB(10),
    RESULTS_LISTING(8),
    RESULTS_FILE(9),
    METRICS(5);

    final int weight;

    Op(int weight) {
      this.weight = weight;
    }
  }

  private final String url;
  private final String token;
  private final AtomicLong firstJob = new AtomicLong();
  private final AtomicLong lastJob = new AtomicLong();
  private final List<String> resultPaths = new ArrayList<>();
  private final Map<Op, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<Op, LongAdder> errors = new ConcurrentHashMap<>();
  private final List<String> firstErrors = new ArrayList<>();

  LoadClients(String url, String token) {
    this.url = url;
    this.token = token;
    for (Op op : Op.values()) {
      requests.put(op, new LongAdder());
      errors.put(op, new LongAdder());
    }
  }

  /**
   * Registers labels, locked hosts carrying them, and queued jobs on them; runs a few jobs on
   * {@code localhost} to the end, so that there are result files to read.
   */
  void setUp() throws IOException, InterruptedException {
    HttpClient http = newClient();
    for (int l = 0; l < LABELS; l++) {
      send(http, post("/api/v1/labels", Map.of("name", "load-l" + l)), 201);
    }
    for (int h = 0; h < HOSTS; h++) {
      send(
          http,
          post(
              "/api/v1/hosts",
              Map.of(
                  "hostname",
                  host(h),
                  "labels",
                  List.of("load-l" + (h % LABELS)),
                  "locked",
                  true,
                  "lock_reason",
                  "load benchmark: jobs stay queued")),
          201);
    }
    send(http, post("/api/v1/hosts", Map.of("hostname", "localhost")), 201);
    List<Long> finished = new ArrayList<>();
    for (int j = 0; j < FINISHED_JOBS; j++) {
      finished.add(
          JSON.readTree(
                  send(
                      http,
                      post(
                          "/api/v1/jobs",
                          Map.of(
                              "name",
                              "load-done-" + j,
                              "control_file",
                              "job.run_test('shell', command: 'echo load " + j + "')",
                              "hosts",
                              List.of("localhost"))),
                      201))
              .get("id")
              .asLong());
    }
    for (int j = 0; j < SEED_JOBS; j++) {
      long id = createJob(http, j);
      firstJob.compareAndSet(0, id);
    }
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    for (long id : finished) {
      awaitCompleted(http, id, deadline);
      String folder = "/results/" + id + "-admin/";
      resultPaths.add(folder);
      JsonNode listing =
          JSON.readTree(
              send(
                  http,
                  HttpRequest.newBuilder(URI.create(url + folder))
                      .header("Authorization", "Bearer " + token)
                      .header("Accept", "application/json")
                      .build(),
                  200));
      for (JsonNode entry : listing.get("entries")) {
        if (!entry.get("directory").asBoolean()) {
          resultPaths.add(folder + entry.get("name").asText());
        }
      }
    }
  }

  /** Runs {@code clients} loops until {@code deadline}; each has its own HTTP connection. */
  void run(int clients, Instant deadline) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      threads.add(Thread.ofPlatform().name("load-client-" + c).start(() -> loop(client, deadline)));
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  long requests() {
    return requests.values().stream().mapToLong(LongAdder::sum).sum();
  }

  long errors() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Requests by kind, as {@code list_jobs=123/0} (requests/errors). */
  Map<String, String> byKind() {
    Map<String, String> kinds = new TreeMap<>();
    for (Op op : Op.values()) {
      kinds.put(
          op.name().toLowerCase(java.util.Locale.ROOT),
          requests.get(op).sum() + "/" + errors.get(op).sum());
    }
    return kinds;
  }

  List<String> firstErrors() {
    synchronized (firstErrors) {
      return List.copyOf(firstErrors);
    }
  }

  private void loop(int client, Instant deadline) {
    HttpClient http = newClient();
    long n = 0;
    while (Instant.now().isBefore(deadline)) {
      Op op = pick();
      n++;
      requests.get(op).increment();
      try {
        call(http, op, client, n);
      } catch (IOException | RuntimeException e) {
        errors.get(op).increment();
        remember(op + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void call(HttpClient http, Op op, int client, long n)
      throws IOException, InterruptedException {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    switch (op) {
      case LIST_JOBS -> send(http, get("/api/v1/jobs"), 200);
      case LIST_QUEUED_JOBS -> send(http, get("/api/v1/jobs?status=Queued&limit=50"), 200);
      case LIST_HOSTS -> send(http, get("/api/v1/hosts"), 200);
      case JOB_DETAILS ->
          send(
              http, get("/api/v1/jobs/" + random.nextLong(firstJob.get(), lastJob.get() + 1)), 200);
      case HOST_DETAILS -> send(http, get("/api/v1/hosts/" + host(random.nextInt(HOSTS))), 200);
      case LIST_LABELS -> send(http, get("/api/v1/labels"), 200);
      case CREATE_LABEL ->
          send(http, post("/api/v1/labels", Map.of("name", "load-c" + client + "-" + n)), 201);
      case CREATE_JOB -> createJob(http, random.nextInt(1_000_000));
      case RESULTS_LISTING ->
          send(
              http,
              HttpRequest.newBuilder(URI.create(url + resultPaths.get(0)))
                  .header("Authorization", "Bearer " + token)
                  .header("Accept", random.nextBoolean() ? "application/json" : "text/html")
                  .build(),
              200);
      case RESULTS_FILE ->
          send(http, get(resultPaths.get(random.nextInt(resultPaths.size()))), 200);
      case METRICS -> send(http, get("/metrics"), 200);
    }
  }

  /** A queued job: on a named locked host, or wanting any host of a label. */
  private long createJob(HttpClient http, int seed) throws IOException, InterruptedException {
    Map<String, Object> job =
        seed % 2 == 0
            ? Map.of(
                "name",
                "load-" + seed,
                "control_file",
                "job.run_test('sleeptest', seconds: 1)",
                "hosts",
                List.of(host(seed % HOSTS)))
            : Map.of(
                "name",
                "load-" + seed,
                "control_file",
                "job.run_test('sleeptest', seconds: 1)",
                "meta_hosts",
                List.of("load-l" + (seed % LABELS)));
    long id = JSON.readTree(send(http, post("/api/v1/jobs", job), 201)).get("id").asLong();
    lastJob.accumulateAndGet(id, Math::max);
    return id;
  }

  private void awaitCompleted(HttpClient http, long id, Instant deadline)
      throws IOException, InterruptedException {
    while (true) {
      String status =
          JSON.readTree(send(http, get("/api/v1/jobs/" + id), 200)).get("status").asText();
      if (status.equals("Completed")) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "job " + id + " on localhost is still " + status + " after 3 minutes; see server.log");
      }
      Thread.sleep(200); // a poll of the server, not a wait for a condition we could join
    }
  }

  private String send(HttpClient http, HttpRequest request, int expected)
      throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IOException(
          request.method()
              + " "
              + request.uri()
              + " answered "
              + response.statusCode()
              + ", not "
              + expected
              + ": "
              + abbreviate(response.body()));
    }
    return response.body();
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(url + path))
        .header("Authorization", "Bearer " + token)
        .timeout(REQUEST_TIMEOUT)
        .build();
  }

  private HttpRequest post(String path, Object body) throws IOException {
    return HttpRequest.newBuilder(URI.create(url + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .timeout(REQUEST_TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
  }

  private void remember(String error) {
    synchronized (firstErrors) {
      if (firstErrors.size() < 10) {
        firstErrors.add(error);
      }
    }
  }

  private static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  private static Op pick() {
    int roll = ThreadLocalRandom.current().nextInt(100);
    for (Op op : Op.values()) {
      roll -= op.weight;
      if (roll < 0) {
        return op;
      }
    }
    throw new IllegalStateException("the weights of the request mix add up to less than 100");
  }

  private static String host(int h) {
    return String.format(java.util.Locale.ROOT, "load-h%03d", h);
  }

  private static String abbreviate(String body) {
    return body.length() <= 300 ? body : body.substring(0, 300) + "...";
  }
}
