package hangar.bench;

import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.lab.EntryStatus;
import hangar.lab.HostStatus;
import hangar.server.ServerRole;
import hangar.store.Database;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * How long the web pages take on a big lab: {@code --jobs} jobs (10,000) with their entries and
 * parsed results (three tests, three iterations of two perf values each), {@code --hosts} hosts
 * (1,000), on a real server (frontend only, so nothing is scheduled meanwhile). Each page is asked
 * for {@code --warmup} times (30), then {@code --requests} times (200) over loopback, one at a
 * time; it prints each page's p50, p95 and max, which bound the server's render time from above.
 * Run it with {@code bin/benchmark web [--db h2|postgresql|mysql] ...}; see docs/web.md.
 */
public final class WebPagesBenchmark {
  private static final int LABELS = 10;
  private static final String[] TESTS = {"dbench", "fio", "kernbench"};

  private WebPagesBenchmark() {}

  private record Options(DbType db, int jobs, int hosts, int warmup, int requests) {
    static Options parse(String[] args) {
      DbType db = DbType.H2;
      int jobs = 10_000;
      int hosts = 1_000;
      int warmup = 30;
      int requests = 200;
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : "";
        switch (args[i]) {
          case "--db" ->
              db = DbType.valueOf(value.toUpperCase(Locale.ROOT).replace("MARIADB", "MYSQL"));
          case "--jobs" -> jobs = Integer.parseInt(value);
          case "--hosts" -> hosts = Integer.parseInt(value);
          case "--warmup" -> warmup = Integer.parseInt(value);
          case "--requests" -> requests = Integer.parseInt(value);
          default ->
              throw new IllegalArgumentException(
                  "unknown option "
                      + args[i]
                      + "; give --db h2|postgresql|mysql, --jobs N, --hosts N, --warmup N,"
                      + " --requests N");
        }
        i++;
      }
      return new Options(db, jobs, hosts, warmup, requests);
    }
  }

  /** Entry point; arguments as the class comment says. */
  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Path dir = Files.createTempDirectory("hangar-web-bench");
    DatabaseSettings settings = TestDatabases.fresh(o.db());
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), settings);
    Path data = dir.resolve("var");
    Instant start = Instant.now();
    try (Database database = Database.open(settings, hangar.server.DataDirectory.prepare(data))) {
      log("loading %d hosts and %d jobs with their results into %s", o.hosts(), o.jobs(), o.db());
      database.jdbi().useHandle(h -> load(h, o));
      // Loaded in bulk, not parse by parse: each kernel's sums are counted once at the end.
      new hangar.store.ResultsDbStore(database, Clock.systemUTC()).recountKernelSums();
    }
    log("loaded in %s", Duration.between(start, Instant.now()));
    ServerRole server =
        ServerRole.start(GlobalConfig.load(config), data, "127.0.0.1", 0, false, Clock.systemUTC());
    try {
      String base = "http://127.0.0.1:" + server.port();
      long lastJob = o.jobs();
      List<String> pages =
          List.of(
              "/",
              "/live/dashboard",
              "/jobs",
              "/jobs?status=Failed",
              "/jobs?name=bench-7&label=label3",
              "/jobs/" + lastJob,
              "/live/jobs/" + lastJob,
              "/jobs/new?clone=" + lastJob,
              "/hosts",
              "/hosts?label=label3&status=Ready",
              "/hosts/host7",
              "/drones",
              "/analysis?by=kernel",
              "/analysis?by=job&test=dbench",
              "/analysis/runs?test=fio&status=FAIL",
              "/analysis/perf?metric=throughput_mb_per_s&by=kernel&test=dbench",
              "/analysis/compare?a_job=" + (lastJob - 2000) + "&b_job=" + (lastJob - 1001),
              "/analysis/compare?a_kernel=6.1.0&b_kernel=6.6.0");
      HttpClient http = HttpClient.newHttpClient();
      String token = server.adminToken();
      System.out.printf("%-62s %8s %8s %8s %9s%n", "page", "p50 ms", "p95 ms", "max ms", "bytes");
      double worstP95 = 0;
      String worst = "";
      for (String page : pages) {
        for (int i = 0; i < o.warmup(); i++) {
          get(http, base + page, token);
        }
        double[] ms = new double[o.requests()];
        int bytes = 0;
        for (int i = 0; i < o.requests(); i++) {
          long t0 = System.nanoTime();
          bytes = get(http, base + page, token);
          ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        double p95 = ms[(int) Math.ceil(ms.length * 0.95) - 1];
        System.out.printf(
            Locale.ROOT,
            "%-62s %8.1f %8.1f %8.1f %9d%n",
            page,
            ms[ms.length / 2],
            p95,
            ms[ms.length - 1],
            bytes);
        if (p95 > worstP95) {
          worstP95 = p95;
          worst = page;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "RESULT web db=%s jobs=%d hosts=%d pages=%d worst_p95_ms=%.1f (%s)%n",
          o.db(),
          o.jobs(),
          o.hosts(),
          pages.size(),
          worstP95,
          worst);
    } finally {
      server.close();
      TestDatabases.drop(settings);
    }
  }

  private static int get(HttpClient http, String url, String token) throws Exception {
    HttpResponse<byte[]> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(
          url + " answered " + answer.statusCode() + ": " + new String(answer.body()));
    }
    return answer.body().length;
  }

  private static void load(Handle h, Options o) {
    Instant now = Instant.now();
    PreparedBatch labels = h.prepareBatch("INSERT INTO labels (name) VALUES (:name)");
    for (int l = 0; l < LABELS; l++) {
      labels.bind("name", "label" + l).add();
    }
    labels.execute();
    batches(
        h,
        "INSERT INTO hosts (hostname, status, protection, created_on)"
            + " VALUES (:name, :status, 'NO_PROTECTION', :now)",
        o.hosts(),
        (b, i) ->
            b.bind("name", "host" + i)
                .bind("status", (i % 50 == 0 ? HostStatus.REPAIR_FAILED : HostStatus.READY).name())
                .bind("now", now));
    SchedulerBenchLab.labelAndShare(h, LABELS);
    batches(
        h,
        "INSERT INTO jobs (owner, name, priority, control_file, control_type, synch_count,"
            + " timeout_minutes, max_runtime_minutes, run_verify, reboot_before, reboot_after,"
            + " created_on, timeout_at, finished_on)"
            + " VALUES ('admin', :name, 1, 'job.run_test(''dbench'')', 'CLIENT', 1, 1440, 1440,"
            + " FALSE, 'NEVER', 'NEVER', :created, :timeout, :finished)",
        o.jobs(),
        (b, i) ->
            b.bind("name", "bench-" + i)
                .bind("created", now.minusSeconds(60L * (o.jobs() - i)))
                .bind("timeout", now.plus(Duration.ofDays(1)))
                .bind(
                    "finished", queued(i, o) ? null : now.minusSeconds(60L * (o.jobs() - i) - 30)));
    List<Long> jobIds = h.createQuery("SELECT id FROM jobs ORDER BY id").mapTo(Long.class).list();
    List<Long> hostIds = h.createQuery("SELECT id FROM hosts ORDER BY id").mapTo(Long.class).list();
    batches(
        h,
        "INSERT INTO host_queue_entries (job_id, priority, host_id, status, active, complete,"
            + " execution_subdir, started_on, finished_on, reason)"
            + " VALUES (:job, 1, :host, :status, FALSE, :complete, :subdir, :started, :finished,"
            + " :reason)",
        jobIds.size(),
        (b, i) -> {
          boolean queued = queued(i, o);
          boolean failed = !queued && i % 5 == 0;
          long host = hostIds.get(i % hostIds.size());
          Instant started = queued ? null : now.minusSeconds(60L * (o.jobs() - i));
          b.bind("job", jobIds.get(i))
              .bind("host", host)
              .bind(
                  "status",
                  (queued
                          ? EntryStatus.QUEUED
                          : failed ? EntryStatus.FAILED : EntryStatus.COMPLETED)
                      .name())
              .bind("complete", !queued)
              .bind("subdir", queued ? null : "host" + (i % hostIds.size()))
              .bind("started", started)
              .bind("finished", started == null ? null : started.plusSeconds(30))
              .bind("reason", queued ? "waiting: no Ready host" : failed ? "fio failed" : "");
        });
    loadResults(h, o, jobIds, now);
    switch (o.db()) {
      case POSTGRESQL, H2 -> h.execute("ANALYZE");
      case MYSQL ->
          h.execute(
              "ANALYZE TABLE hosts, jobs, host_queue_entries, result_jobs, result_tests, result_iterations");
    }
  }

  /** The last tenth of the jobs are still queued. */
  private static boolean queued(int i, Options o) {
    return i >= o.jobs() - o.jobs() / 10;
  }

  private static void loadResults(Handle h, Options o, List<Long> jobIds, Instant now) {
    int finished = o.jobs() - o.jobs() / 10;
    batches(
        h,
        "INSERT INTO result_jobs (tag, job_id, drone, machine, username, label, status, reason,"
            + " kernel, started_on, finished_on, parsed_on)"
            + " VALUES (:tag, :job, 'localhost', :machine, 'admin', :label, 'GOOD', '', :kernel,"
            + " :started, :finished, :finished)",
        finished,
        (b, i) ->
            b.bind("tag", jobIds.get(i) + "-admin/host" + (i % o.hosts()))
                .bind("job", jobIds.get(i))
                .bind("machine", "host" + (i % o.hosts()))
                .bind("label", "bench-" + i)
                .bind("kernel", kernel(i, finished))
                .bind("started", now.minusSeconds(60L * (o.jobs() - i)))
                .bind("finished", now.minusSeconds(60L * (o.jobs() - i) - 30)));
    h.execute(
        "INSERT INTO result_tests (result_job_id, seq, subdir, name, status, reason, kernel,"
            + " started_on, finished_on) SELECT j.id, 1, 'dbench', 'dbench', 'GOOD', '', j.kernel,"
            + " j.started_on, j.finished_on FROM result_jobs j");
    h.execute(
        "INSERT INTO result_tests (result_job_id, seq, subdir, name, status, reason, kernel,"
            + " started_on, finished_on) SELECT j.id, 2, 'fio', 'fio',"
            + " CASE WHEN MOD(j.id, 5) = 0 THEN 'FAIL' ELSE 'GOOD' END, '', j.kernel,"
            + " j.started_on, j.finished_on FROM result_jobs j");
    h.execute(
        "INSERT INTO result_tests (result_job_id, seq, subdir, name, status, reason, kernel,"
            + " started_on, finished_on) SELECT j.id, 3, 'kernbench', 'kernbench', 'GOOD', '',"
            + " j.kernel, j.started_on, j.finished_on FROM result_jobs j");
    for (int it = 1; it <= 3; it++) {
      for (String metric : List.of("throughput_mb_per_s", "latency_ms")) {
        h.execute(
            "INSERT INTO result_iterations (test_id, iteration, kind, name, perf_value)"
                + " SELECT t.id, "
                + it
                + ", 'perf', '"
                + metric
                + "', 100 + MOD(t.id * "
                + (it + 7)
                + ", 37) FROM result_tests t");
      }
    }
  }

  /** The first half of the results ran on 6.1.0, the second on 6.6.0, a few on others. */
  private static String kernel(int i, int finished) {
    if (i % 97 == 0) {
      return "6.1." + (i % 7);
    }
    return i < finished / 2 ? "6.1.0" : "6.6.0";
  }

  private interface Row {
    void bind(PreparedBatch batch, int i);
  }

  private static void batches(Handle h, String sql, int rows, Row row) {
    PreparedBatch batch = h.prepareBatch(sql);
    for (int i = 0; i < rows; i++) {
      row.bind(batch, i);
      batch.add();
      if (batch.size() == 1000) {
        batch.execute();
        batch = h.prepareBatch(sql);
      }
    }
    if (batch.size() > 0) {
      batch.execute();
    }
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "web: " + format + "%n", args);
  }
}
