package hangar.bench;

import hangar.autoserv.HostChecks;
import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.config.SchedulerSettings;
import hangar.drone.LocalDrone;
import hangar.lab.EntryStatus;
import hangar.scheduler.Dispatcher;
import hangar.scheduler.DispatcherDeps;
import hangar.scheduler.DroneFleet;
import hangar.scheduler.DroneSlots;
import hangar.scheduler.ResultsParsing;
import hangar.scheduler.ResultsTransfer;
import hangar.scheduler.SchedulerMetrics;
import hangar.scheduler.Throttles;
import hangar.store.Database;
import hangar.store.HostQueueEntryStore;
import hangar.store.ResultsDbStore;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

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
      SchedulerBenchLab.load(database, o, clock, SCHEDULER);
      log("loaded in %s", Duration.between(loadStart, Instant.now()));
      drone = LocalDrone.create(dir.resolve("drone"), BenchmarkSessionRunner.class);
      SchedulerBenchLab.startHeldSessions(database, drone, dir, clock);
      log("drone holds %d running sessions", drone.sessions().size());
      HostQueueEntryStore entries = new HostQueueEntryStore(database, clock);
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      // Room on the drone for the held sessions and a few ticks' starts: the per-tick limit is
      // the throttle that binds in the steady phase, and in the burst phase too.
      int room = o.running() + Math.max(o.perTick(), o.burstPerTick()) * 4;
      DroneSlots slots = new DroneSlots(room, clock);
      slots.watch(drone);
      LocalDrone theDrone = drone;
      // The dispatchers' parsing and copying, stopped before the database closes.
      List<AutoCloseable> steps = new ArrayList<>();
      // A dispatcher starting at most `limit` entries per tick, counting into `meters`.
      java.util.function.BiFunction<Integer, PrometheusMeterRegistry, Dispatcher> dispatcherOf =
          (limit, meters) ->
              dispatcher(
                  database,
                  settings,
                  theDrone,
                  dir,
                  new Throttles(room, limit),
                  new SchedulerMetrics(meters, entries, slots),
                  steps);
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
      for (AutoCloseable step : steps) {
        step.close();
      }
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

  /**
   * A dispatcher as a scheduler builds it ({@link DispatcherDeps#production}): results parsing,
   * gathering and special tasks included, owning the held entries, with the default settings but
   * the throttles given.
   */
  private static Dispatcher dispatcher(
      Database database,
      DatabaseSettings databaseSettings,
      LocalDrone drone,
      Path dir,
      Throttles throttles,
      SchedulerMetrics metrics,
      List<AutoCloseable> steps) {
    Clock clock = Clock.systemUTC();
    GlobalConfig config =
        GlobalConfig.load(TestConfigs.write(dir.resolve("global_config.ini"), databaseSettings));
    SchedulerSettings settings = config.scheduler();
    Path results = dir.resolve("results");
    ResultsTransfer transfer = new ResultsTransfer(results, settings.maxTransferProcesses());
    ResultsParsing parsing =
        new ResultsParsing(
            new ResultsDbStore(database, clock), results, settings.maxParseProcesses());
    steps.add(transfer);
    steps.add(parsing);
    return new Dispatcher(
        DispatcherDeps.production(
            SCHEDULER,
            database,
            DroneFleet.of(drone, results),
            transfer,
            parsing,
            throttles,
            new HostChecks(
                config.autoserv().minFreeDiskMb() * 1024L * 1024L,
                "",
                Duration.ofSeconds(config.autoserv().bootWaitSeconds())),
            settings,
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

  /**
   * Entries out of the queue, started whether still running or done; the held entries count the
   * same before and after, so a difference is what the ticks started.
   */
  private static long completedOrRunning(Database database) {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT COUNT(*) FROM host_queue_entries WHERE status <> :q")
                    .bind("q", EntryStatus.QUEUED.name())
                    .mapTo(Long.class)
                    .one());
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
