package hangar.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hangar.config.DbType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Job submission through the REST API of a real {@code bin/hangar server}: {@code --hosts} hosts
 * (default 50, locked so that nothing runs and only submission is measured), then for {@code
 * --seconds} each (default 10): clients that each create one job a request ({@code POST
 * /api/v1/jobs}) for every count in {@code --clients} (default {@code 1,4}), and one client sending
 * {@code --batch} jobs a request (default 500, {@code POST /api/v1/jobs:batch}). Each job names one
 * host, round robin. Prints a {@code RESULT} line per run with jobs a second. Run it with {@code
 * bin/benchmark submit [--db h2|postgresql|mysql] [--clients 1,4] [--seconds N] [--batch N]
 * [--hosts N]}. See docs/performance.md.
 */
public final class SubmitBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTROL = "job.run_test('sleeptest', seconds: 1)\n";

  private SubmitBenchmark() {}

  /** Entry point; arguments as the class comment says. */
  public static void main(String[] args) throws Exception {
    DbType db = DbType.H2;
    int[] clientCounts = {1, 4};
    int seconds = 10;
    int batch = 500;
    int hosts = 50;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--db" -> db = DbType.valueOf(args[i + 1].toUpperCase(Locale.ROOT));
        case "--clients" ->
            clientCounts =
                Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--batch" -> batch = Integer.parseInt(args[i + 1]);
        case "--hosts" -> hosts = Integer.parseInt(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; use --db h2|postgresql|mysql --clients 1,4 --seconds N --batch N"
                    + " --hosts N");
      }
    }
    try (ServerProcess server = ServerProcess.start(db, Map.of(), "tick_pause_sec: 5")) {
      LabApi api = new LabApi(server.url(), server.token());
      for (int h = 0; h < hosts; h++) {
        api.createHost("board" + h, 22).required("create host board" + h);
        api.lockHost("board" + h, "submission benchmark").required("lock host board" + h);
      }
      System.err.printf(Locale.ROOT, "benchmark: %d hosts, locked; %d s a run%n", hosts, seconds);
      String name = db.name().toLowerCase(Locale.ROOT);
      // A first short run warms the server's JIT and connection pool; it is not reported.
      rest(server, 2, Math.min(3, seconds), hosts);
      for (int clients : clientCounts) {
        double perSecond = rest(server, clients, seconds, hosts);
        System.out.printf(
            Locale.ROOT,
            "RESULT submit db=%s via=rest clients=%d jobs_per_s=%.0f rss_mb=%d%n",
            name,
            clients,
            perSecond,
            server.status("VmRSS") / 1024);
      }
      double batched = batches(api, batch, seconds, hosts);
      System.out.printf(
          Locale.ROOT,
          "RESULT submit db=%s via=batch jobs_per_request=%d jobs_per_s=%.0f rss_mb=%d%n",
          name,
          batch,
          batched,
          server.status("VmRSS") / 1024);
    }
  }

  /** {@code clients} threads creating one job a request for {@code seconds}; jobs a second. */
  private static double rest(ServerProcess server, int clients, int seconds, int hosts)
      throws InterruptedException {
    return rest(server.url(), server.token(), clients, seconds, i -> "board" + (i % hosts));
  }

  /**
   * {@code clients} threads creating one job a request for {@code seconds}, the {@code n}th job of
   * client {@code c} on host {@code host.apply(c * 7919 + n)}; jobs a second.
   */
  static double rest(
      String url,
      String token,
      int clients,
      int seconds,
      java.util.function.IntFunction<String> host)
      throws InterruptedException {
    AtomicLong created = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    long started = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      int client = c;
      threads.add(
          Thread.ofPlatform()
              .name("submit-" + c)
              .start(
                  () -> {
                    LabApi api = new LabApi(url, token);
                    for (int n = 0; System.nanoTime() < end; n++) {
                      api.createJob("s" + client + "-" + n, CONTROL, host.apply(client * 7919 + n))
                          .required("create a job");
                      created.incrementAndGet();
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    return created.get() / ((System.nanoTime() - started) / 1e9);
  }

  /** One client sending {@code size} jobs a request for {@code seconds}; jobs a second. */
  private static double batches(LabApi api, int size, int seconds, int hosts) {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long started = System.nanoTime();
    long created = 0;
    for (int r = 0; System.nanoTime() < end; r++) {
      List<ObjectNode> jobs = new ArrayList<>(size);
      for (int n = 0; n < size; n++) {
        ObjectNode job = JSON.createObjectNode().put("name", "b" + r + "-" + n);
        job.put("control_file", CONTROL).putArray("hosts").add("board" + (n % hosts));
        jobs.add(job);
      }
      LabApi.Answer answer = api.createJobs(jobs).required("create a batch");
      created += answer.json().path("created").asLong();
    }
    return created / ((System.nanoTime() - started) / 1e9);
  }
}
