package hangar.bench;

import hangar.config.DbType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lab benchmark's submission scenarios: {@code bin/hangar server} on a fresh database, the
 * lab's hosts registered and locked (nothing runs: only submission is measured), then for {@code
 * seconds} a run, jobs created by 1 and 4 clients through the REST API (one job a request) and
 * through the CLI ({@code hangar job create}, one process a job, as a script calls it).
 */
final class LabSubmission {
  private static final String CONTROL = "job.run_test('sleeptest', seconds: 1)\n";

  /** Jobs a second for each way and count of clients. */
  record Figures(Map<String, Double> jobsPerSecond, long serverResidentMb) {}

  private LabSubmission() {}

  static Figures run(DbType db, LoopbackHosts hosts, int seconds, Path dir) throws Exception {
    Map<String, Double> rates = new java.util.LinkedHashMap<>();
    try (ServerProcess server = ServerProcess.start(db, Map.of(), "tick_pause_sec: 5")) {
      LabApi api = new LabApi(server.url(), server.token());
      for (int h = 0; h < hosts.size(); h++) {
        api.createHost(hosts.record(h)).required("register " + hosts.name(h));
        api.lockHost(hosts.name(h), "lab benchmark: submission only").required("lock");
      }
      System.err.printf(
          Locale.ROOT,
          "benchmark: submission: %d hosts registered and locked; %d s a run%n",
          hosts.size(),
          seconds);
      // A short first run warms the server's JIT and connection pool; it is not reported.
      SubmitBenchmark.rest(
          server.url(), server.token(), 2, Math.min(3, seconds), i -> hosts.name(i % hosts.size()));
      for (int clients : new int[] {1, 4}) {
        rates.put(
            "rest " + clients,
            SubmitBenchmark.rest(
                server.url(), server.token(), clients, seconds, i -> hosts.name(i % hosts.size())));
        System.err.printf(
            Locale.ROOT,
            "benchmark: REST, %d clients: %.0f jobs/s%n",
            clients,
            rates.get("rest " + clients));
      }
      Path cache = dir.resolve("cli-cache");
      Map<String, String> env =
          Map.of(
              "HANGAR_SERVER", server.url(),
              "HANGAR_TOKEN", server.token(),
              "HANGAR_CLI_CACHE", cache.toString());
      CliBenchmark.recordArchive(env, cache);
      Path control = Files.writeString(dir.resolve("submit.control"), CONTROL);
      for (int clients : new int[] {1, 4}) {
        rates.put("cli " + clients, cli(env, control, hosts, clients, seconds));
        System.err.printf(
            Locale.ROOT,
            "benchmark: CLI, %d clients: %.1f jobs/s%n",
            clients,
            rates.get("cli " + clients));
      }
      return new Figures(rates, server.status("VmRSS") / 1024);
    }
  }

  /** {@code clients} shells each running {@code hangar job create} after the last one ended. */
  private static double cli(
      Map<String, String> env, Path control, LoopbackHosts hosts, int clients, int seconds)
      throws InterruptedException {
    String hangar = Path.of("bin/hangar").toAbsolutePath().toString();
    AtomicLong created = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    long started = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      int client = c;
      threads.add(
          Thread.ofPlatform()
              .name("cli-" + c)
              .start(
                  () -> {
                    for (int n = 0; System.nanoTime() < end && failures.isEmpty(); n++) {
                      List<String> line =
                          List.of(
                              hangar,
                              "job",
                              "create",
                              "-m",
                              hosts.name((client * 7919 + n) % hosts.size()),
                              "-f",
                              control.toString(),
                              "cli-" + clients + "-" + client + "-" + n);
                      try {
                        CliBenchmark.run(new HashMap<>(env), line);
                        created.incrementAndGet();
                      } catch (Exception e) {
                        failures.add(e);
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("hangar job create failed", failures.get(0));
    }
    return created.get() / ((System.nanoTime() - started) / 1e9);
  }
}
