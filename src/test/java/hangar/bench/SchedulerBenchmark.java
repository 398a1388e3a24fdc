package hangar.bench;

import hangar.autoserv.SessionSpec;
import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.drone.LocalDrone;
import hangar.lab.ControlType;
import hangar.lab.EntryStatus;
import hangar.lab.HostStatus;
import hangar.scheduler.Dispatcher;
import hangar.scheduler.DispatcherDeps;
import hangar.scheduler.DroneSlots;
import hangar.scheduler.SchedulerMetrics;
import hangar.scheduler.Throttles;
import hangar.store.Database;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.SchedulerStore;
import hangar.testing.TestDatabases;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The scheduler under load: a lab of {@code --hosts} hosts (default 10,000), {@code --queued}
 * queued entries (100,000) and {@code --running} running sessions (1,000) on a real drone daemon
 * whose other sessions pass at once. After {@code --warmup} ticks (20) it times {@code --ticks}
 * ticks (100) of the real dispatcher with {@code max_jobs_started_per_cycle} = {@code --per-tick}
 * (100, Autotest's default) and prints the tick duration (p50, p99, max); then {@code
 * --burst-ticks} ticks (5) with the limit at {@code --burst-per-tick} (2,000), for the entries
 * started per second when the throttles allow. Run it with {@code bin/benchmark scheduler [--db
 * h2|postgresql|mysql] ...}; see docs/performance.md.
 */
public final class SchedulerBenchmark {
  private static final String SCHEDULER = "benchmark";
  private static final int LABELS = 10;
  private static final int STARTERS = 16;

  private SchedulerBenchmark() {}

  /** Entry point; arguments as the class comment says. */
  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Path dir = Files.createTempDirectory("hangar-bench");
    DatabaseSettings settings = TestDatabases.fresh(o.db());
    Clock clock = Clock.systemUTC();
    LocalDrone drone = null;
    try (Database database = Database.open(settings, dir)) {
      log(
          "loading %d hosts, %d queued and %d running entries into %s",
          o.hosts(), o.queued(), o.running(), o.db());
      Instant loadStart = Instant.now();
      load(database, o, clock);
      log("loaded in %s", Duration.between(loadStart, Instant.now()));
      drone = LocalDrone.create(dir.resolve("drone"), BenchmarkSessionRunner.class);
      startHeldSessions(database, drone, dir, clock);
      log("drone holds %d running sessions", drone.sessions().size());
      HostQueueEntryStore entries = new HostQueueEntryStore(database, clock);
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      // Room on the drone for the held sessions and a few ticks' starts: the per-tick limit is
      // the throttle that binds in the steady phase, and in the burst phase too.
      int room = o.running() + Math.max(o.perTick(), o.burstPerTick()) * 4;
      DroneSlots slots = new DroneSlots(room, clock);
      slots.watch(drone);
      LocalDrone theDrone = drone;
      // A dispatcher starting at most `limit` entries per tick, counting into `meters`.
      java.util.function.BiFunction<Integer, PrometheusMeterRegistry, Dispatcher> dispatcherOf =
          (limit, meters) ->
              dispatcher(
                  database,
                  theDrone,
                  dir,
                  new Throttles(room, limit),
                  entries,
                  new SchedulerMetrics(meters, entries, slots));
      Dispatcher warmup =
          dispatcherOf.apply(o.perTick(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      log("warming up: %d ticks", o.warmup());
      for (int i = 0; i < o.warmup(); i++) {
        warmup.tickOnce();
      }
      // A dispatcher of its own, so that its meters hold the measured ticks only; its first tick
      // reads the whole pool, as every scheduler does once a minute.
      Dispatcher steady = dispatcherOf.apply(o.perTick(), registry);
      long[] ticks = new long[o.ticks()];
      long started = timeTicks(steady, database, ticks);
      printPhases(registry, "PHASE");
      PrometheusMeterRegistry burstRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      Dispatcher burst = dispatcherOf.apply(o.burstPerTick(), burstRegistry);
      long[] burstTicks = new long[o.burstTicks()];
      long burstStarted = timeTicks(burst, database, burstTicks);
      printPhases(burstRegistry, "BURST");
      long[] sorted = ticks.clone();
      Arrays.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "RESULT db=%s hosts=%d queued=%d running=%d warmup=%d ticks=%d per_tick_limit=%d"
              + " tick_p50_ms=%.1f tick_p99_ms=%.1f tick_max_ms=%.1f started=%d"
              + " burst_ticks=%d burst_per_tick_limit=%d burst_started=%d"
              + " burst_started_per_s=%.0f%n",
          o.db().name().toLowerCase(Locale.ROOT),
          o.hosts(),
          o.queued(),
          o.running(),
          o.warmup(),
          o.ticks(),
          o.perTick(),
          percentile(sorted, 0.50) / 1e6,
          percentile(sorted, 0.99) / 1e6,
          sorted[sorted.length - 1] / 1e6,
          started,
          o.burstTicks(),
          o.burstPerTick(),
          burstStarted,
          burstStarted / (Arrays.stream(burstTicks).sum() / 1e9));
    } finally {
      if (drone != null) {
        drone.shutdown();
      }
      if (o.keepDb()) {
        log("kept database %s (drop it by hand when done)", settings.database());
      } else {
        TestDatabases.drop(settings);
      }
    }
  }

  private static Dispatcher dispatcher(
      Database database,
      LocalDrone drone,
      Path dir,
      Throttles throttles,
      HostQueueEntryStore entries,
      SchedulerMetrics metrics) {
    Clock clock = Clock.systemUTC();
    return new Dispatcher(
        DispatcherDeps.oneDrone(
            SCHEDULER,
            new HostStore(database, clock),
            new JobStore(database, clock),
            entries,
            new SchedulerStore(database, clock),
            drone,
            dir.resolve("results"),
            throttles,
            Duration.ofSeconds(5),
            clock,
            metrics));
  }

  /**
   * Ticks {@code durations.length} times, recording each tick's duration.
   *
   * @return how many entries left the queue meanwhile
   */
  private static long timeTicks(Dispatcher dispatcher, Database database, long[] durations) {
    long before = completedOrRunning(database);
    for (int i = 0; i < durations.length; i++) {
      long t0 = System.nanoTime();
      dispatcher.tickOnce();
      durations[i] = System.nanoTime() - t0;
    }
    log(
        "tick durations in ms, in order: %s",
        Arrays.stream(durations).mapToObj(n -> Long.toString(n / 1_000_000)).toList());
    return completedOrRunning(database) - before;
  }

  /** Where the ticks' time went: each phase's mean and longest duration. */
  private static void printPhases(PrometheusMeterRegistry registry, String label) {
    for (Timer t : registry.find("hangar.scheduler.phase").timers()) {
      System.out.printf(
          Locale.ROOT,
          "%s %-14s mean_ms=%8.1f max_ms=%8.1f%n",
          label,
          t.getId().getTag("phase"),
          t.mean(TimeUnit.MILLISECONDS),
          t.max(TimeUnit.MILLISECONDS));
    }
  }

  private static long percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** Entries that left the queue: started by the dispatcher, whether still running or done. */
  private static long completedOrRunning(Database database) {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT COUNT(*) FROM host_queue_entries WHERE status <> :q"
                            + " AND (scheduler IS NULL OR scheduler <> :held)")
                    .bind("q", EntryStatus.QUEUED.name())
                    .bind("held", "held")
                    .mapTo(Long.class)
                    .one());
  }

  /** Bulk rows through JDBC batches: the stores' one-at-a-time paths would take hours here. */
  private static void load(Database database, Options o, Clock clock) {
    Instant now = clock.instant();
    database
        .jdbi()
        .useHandle(
            h -> {
              insertLabels(h);
              insertHosts(h, o.hosts(), now);
              insertJobs(h, o.queued() + o.running(), now);
              insertEntries(h, o, now);
              analyze(h, o.db());
            });
  }

  /**
   * Gathers the planner's statistics, as a live database has them: right after a bulk load the
   * planner knows nothing of the new rows and picks plans no running lab would get.
   */
  private static void analyze(Handle h, DbType db) {
    switch (db) {
      case POSTGRESQL, H2 -> h.execute("ANALYZE");
      case MYSQL ->
          h.execute(
              "ANALYZE TABLE hosts, labels, host_labels, acl_group_hosts, jobs,"
                  + " host_queue_entries");
    }
  }

  private static void insertLabels(Handle h) {
    PreparedBatch batch = h.prepareBatch("INSERT INTO labels (name) VALUES (:name)");
    for (int l = 0; l < LABELS; l++) {
      batch.bind("name", "label" + l).add();
    }
    batch.execute();
  }

  private static void insertHosts(Handle h, int hosts, Instant now) {
    String sql =
        "INSERT INTO hosts (hostname, status, protection, created_on)"
            + " VALUES (:name, :status, 'NO_PROTECTION', :now)";
    PreparedBatch batch = h.prepareBatch(sql);
    for (int i = 0; i < hosts; i++) {
      batch.bind("name", "host" + i).bind("status", HostStatus.READY.name()).bind("now", now).add();
      if (batch.size() == 1000) {
        batch.execute();
        batch = h.prepareBatch(sql);
      }
    }
    batch.execute();
    h.execute(
        "INSERT INTO host_labels (host_id, label_id) SELECT h.id, l.id FROM hosts h JOIN labels l"
            + " ON l.name = CONCAT('label', MOD(h.id, "
            + LABELS
            + "))");
    h.execute(
        "INSERT INTO acl_group_hosts (acl_group_id, host_id) SELECT g.id, h.id FROM hosts h,"
            + " acl_groups g WHERE g.name = 'Everyone'");
  }

  private static void insertJobs(Handle h, int jobs, Instant now) {
    PreparedBatch batch = h.prepareBatch(jobSql());
    for (int i = 0; i < jobs; i++) {
      batch.bind("now", now).bind("timeoutAt", now.plus(Duration.ofDays(1))).add();
      if (batch.size() == 1000) {
        batch.execute();
        batch = h.prepareBatch(jobSql());
      }
    }
    batch.execute();
  }

  private static String jobSql() {
    return """
        INSERT INTO jobs (owner, name, priority, control_file, control_type, synch_count,
                          timeout_minutes, max_runtime_minutes, run_verify, reboot_before,
                          reboot_after, created_on, timeout_at)
        VALUES ('admin', 'bench', 1, 'pass', 'CLIENT', 1, 1440, 1440, FALSE, 'NEVER', 'NEVER',
                :now, :timeoutAt)""";
  }

  /**
   * The first {@code running} jobs get a Running entry on hosts 0.. (held sessions); the rest one
   * queued entry each: half on a named host, half a meta-host of one of the labels.
   */
  private static void insertEntries(Handle h, Options o, Instant now) {
    List<Long> jobIds = h.createQuery("SELECT id FROM jobs ORDER BY id").mapTo(Long.class).list();
    List<Long> hostIds = h.createQuery("SELECT id FROM hosts ORDER BY id").mapTo(Long.class).list();
    List<Long> labelIds =
        h.createQuery("SELECT id FROM labels ORDER BY id").mapTo(Long.class).list();
    String sql =
        "INSERT INTO host_queue_entries (job_id, priority, host_id, meta_host, status, active,"
            + " drone, execution_subdir, scheduler, started_on)"
            + " VALUES (:job, 1, :host, :meta, :status, :active, :drone, :subdir, :scheduler,"
            + " :started)";
    PreparedBatch batch = h.prepareBatch(sql);
    for (int i = 0; i < jobIds.size(); i++) {
      boolean held = i < o.running();
      Long host = held || i % 2 == 0 ? hostIds.get(i % hostIds.size()) : null;
      Long meta = host == null ? labelIds.get(i % labelIds.size()) : null;
      batch
          .bind("job", jobIds.get(i))
          .bind("host", host)
          .bind("meta", meta)
          .bind("status", held ? EntryStatus.RUNNING.name() : EntryStatus.QUEUED.name())
          .bind("active", held)
          .bind("drone", held ? "localhost" : null)
          .bind("subdir", held ? "host" + (i % hostIds.size()) : null)
          .bind("scheduler", held ? "held" : null)
          .bind("started", held ? now : null)
          .add();
      if (batch.size() == 1000) {
        batch.execute();
        batch = h.prepareBatch(sql);
      }
    }
    batch.execute();
    h.createUpdate(
            "UPDATE hosts SET status = :running WHERE id IN (SELECT host_id FROM"
                + " host_queue_entries WHERE status = :running)")
        .bind("running", HostStatus.RUNNING.name())
        .execute();
  }

  /**
   * Starts a held session on the drone for every Running entry, so the dispatcher's drone answers
   * carry that many running sessions; the entries stay with a scheduler named "held", which the
   * benchmark's dispatcher does not follow.
   */
  private static void startHeldSessions(Database database, LocalDrone drone, Path dir, Clock clock)
      throws IOException {
    List<long[]> held =
        database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT id, job_id FROM host_queue_entries WHERE scheduler = 'held'")
                        .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                        .list());
    Path results = Files.createDirectories(dir.resolve("held"));
    // A few connections at a time: the drone's socket has a small accept backlog.
    Semaphore connections = new Semaphore(STARTERS);
    List<Thread> starters = new ArrayList<>();
    for (long[] entry : held) {
      starters.add(
          Thread.ofVirtual()
              .start(
                  () ->
                      startHeld(
                          connections,
                          drone,
                          new SessionSpec(
                              "held-" + entry[0],
                              entry[1],
                              "admin",
                              "bench",
                              ControlType.CLIENT,
                              BenchmarkSessionRunner.HOLD,
                              List.of("host"),
                              results.resolve(Long.toString(entry[0]))))));
    }
    for (Thread t : starters) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting held sessions", e);
      }
    }
  }

  private static void startHeld(Semaphore connections, LocalDrone drone, SessionSpec spec) {
    connections.acquireUninterruptibly();
    try {
      drone.start(spec);
    } finally {
      connections.release();
    }
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "bench: " + format + "%n", args);
  }

  /** The benchmark's knobs. */
  record Options(
      DbType db,
      int hosts,
      int queued,
      int running,
      int warmup,
      int ticks,
      int perTick,
      int burstTicks,
      int burstPerTick,
      boolean keepDb) {
    static Options parse(String[] args) {
      DbType db = DbType.H2;
      int hosts = 10_000;
      int queued = 100_000;
      int running = 1_000;
      int warmup = 20;
      int ticks = 100;
      int perTick = 100;
      int burstTicks = 5;
      int burstPerTick = 2_000;
      boolean keepDb = false;
      for (int i = 0; i < args.length; i += 2) {
        if (args[i].equals("--keep-db")) {
          keepDb = true;
          i--;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + args[i] + " needs a value");
        }
        String value = args[i + 1];
        switch (args[i]) {
          case "--db" -> db = DbType.valueOf(value.toUpperCase(Locale.ROOT));
          case "--hosts" -> hosts = Integer.parseInt(value);
          case "--queued" -> queued = Integer.parseInt(value);
          case "--running" -> running = Integer.parseInt(value);
          case "--warmup" -> warmup = Integer.parseInt(value);
          case "--ticks" -> ticks = Integer.parseInt(value);
          case "--per-tick" -> perTick = Integer.parseInt(value);
          case "--burst-ticks" -> burstTicks = Integer.parseInt(value);
          case "--burst-per-tick" -> burstPerTick = Integer.parseInt(value);
          default ->
              throw new IllegalArgumentException(
                  "unknown option "
                      + args[i]
                      + "; use --db h2|postgresql|mysql --hosts N --queued N --running N"
                      + " --warmup N --ticks N --per-tick N --burst-ticks N --burst-per-tick N"
                      + " --keep-db");
        }
      }
      if (running > hosts) {
        throw new IllegalArgumentException("--running must not exceed --hosts");
      }
      if (ticks < 1 || burstTicks < 1 || perTick < 1 || burstPerTick < 1 || warmup < 0) {
        throw new IllegalArgumentException(
            "--ticks, --burst-ticks, --per-tick and --burst-per-tick must be at least 1");
      }
      return new Options(
          db, hosts, queued, running, warmup, ticks, perTick, burstTicks, burstPerTick, keepDb);
    }
  }
}
