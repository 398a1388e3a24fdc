package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import hangar.config.DbType;
import hangar.drone.Drone;
import hangar.drone.LocalDrone;
import hangar.drone.ShellSessionRunner;
import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.JobRequest;
import hangar.lab.JobStatus;
import hangar.lab.JobView;
import hangar.lab.Protection;
import hangar.store.Database;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.SchedulerStore;
import hangar.testing.Polling;
import hangar.testing.TestDatabases;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What the scheduler's meters say after real ticks: a real H2 database and a real drone daemon
 * running sessions as shell scripts, read back through the Prometheus text a scrape writes. Each
 * test has metrics of its own; the database is shared, so entry ids, and with them session ids, are
 * never reused.
 */
class SchedulerMetricsTest {
  @TempDir static Path shared;
  @TempDir Path dir;

  private static LocalDrone drone;
  private static Database database;
  private static final AtomicInteger HOSTS = new AtomicInteger();

  private final Clock clock = Clock.systemUTC();
  private HostStore hosts;
  private JobStore jobs;
  private HostQueueEntryStore entries;
  private final Throttles throttles = new Throttles(5, 100);

  @BeforeAll
  static void startDrone() {
    database = TestDatabases.open(DbType.H2, shared);
    drone = LocalDrone.create(shared.resolve("drone"), ShellSessionRunner.class);
  }

  @AfterAll
  static void stopDrone() {
    drone.shutdown();
    database.close();
  }

  @BeforeEach
  void wire() {
    hosts = new HostStore(database, clock);
    jobs = new JobStore(database, clock);
    entries = new HostQueueEntryStore(database, clock);
  }

  /** Metrics on a registry of their own, watching {@code drone}. */
  static SchedulerMetrics metricsOf(
      HostQueueEntryStore entries, Throttles throttles, Drone drone, Clock clock) {
    DroneSlots slots = new DroneSlots(throttles.maxProcessesPerDrone(), clock);
    slots.watch(drone);
    return new SchedulerMetrics(
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), entries, slots);
  }

  @Test
  void phase_totals_name_the_phases_of_the_ticks_so_far_in_order() {
    SchedulerMetrics metrics = metricsOf(entries, throttles, drone, clock);
    assertThat(metrics.phaseTotals()).isEmpty();
    metrics.timePhase("start", () -> sleep(3));
    metrics.timePhase("poll", () -> sleep(2));
    metrics.timePhase("start.claim", () -> {});

    // Sorted by name, so a phase's parts follow it; those under 1 ms are left out.
    assertThat(metrics.phaseTotals()).matches("poll \\d+ ms, start \\d+ ms");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis); // a phase that takes measurable time
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void a_completed_entry_counts_one_start_and_one_completed_finish() {
    SchedulerMetrics metrics = metricsOf(entries, throttles, drone, clock);
    Dispatcher dispatcher = dispatcher(drone, metrics);
    long job = submit("exit 0", newHost());

    assertThat(tickUntilFinished(job, dispatcher).status()).isEqualTo(JobStatus.COMPLETED);

    String text = metrics.scrape();
    assertThat(value(text, "hangar_scheduler_starts_total{drone=\"localhost\"}")).isEqualTo(1);
    assertThat(value(text, "hangar_scheduler_finishes_total{status=\"Completed\"}")).isEqualTo(1);
    assertThat(value(text, "hangar_scheduler_finishes_total{status=\"Failed\"}")).isZero();
    assertThat(value(text, "hangar_drone_up{drone=\"localhost\"}")).isEqualTo(1);
    assertThat(value(text, "hangar_drone_slots{drone=\"localhost\",state=\"free\"}"))
        .isEqualTo(5 - value(text, "hangar_drone_slots{drone=\"localhost\",state=\"used\"}"));
  }

  @Test
  void an_entry_waiting_for_a_locked_host_counts_in_the_queue() {
    SchedulerMetrics metrics = metricsOf(entries, throttles, drone, clock);
    double queuedBefore = value(metrics.scrape(), "hangar_scheduler_entries{status=\"Queued\"}");
    Host host = newHost();
    hosts.lock(host.hostname(), "alice", "maintenance");
    submit("exit 0", host);

    dispatcher(drone, metrics).tickOnce();

    String text = metrics.scrape();
    assertThat(value(text, "hangar_scheduler_entries{status=\"Queued\"}"))
        .isEqualTo(queuedBefore + 1);
    assertThat(value(text, "hangar_scheduler_starts_total{drone=\"localhost\"}")).isZero();
  }

  @Test
  void a_session_the_drone_lost_counts_as_a_failure_and_a_failed_finish() {
    SchedulerMetrics metrics = metricsOf(entries, throttles, drone, clock);
    Host host = newHost();
    long job = submit("exit 0", host);
    entries.claim(
        jobs.get(job).entries().get(0), host.id(), host.hostname(), drone.name(), "metrics-test");
    entries.transition(jobs.get(job).entries().get(0), EntryStatus.STARTING, EntryStatus.RUNNING);

    dispatcher(drone, metrics).tickOnce();

    String text = metrics.scrape();
    assertThat(value(text, "hangar_scheduler_failures_total{kind=\"lost_session\"}")).isEqualTo(1);
    assertThat(value(text, "hangar_scheduler_finishes_total{status=\"Failed\"}")).isEqualTo(1);
  }

  @Test
  void a_drone_that_does_not_answer_counts_as_unreachable_and_shows_down() {
    LocalDrone absent = LocalDrone.attach(dir.resolve("no-drone"));
    SchedulerMetrics metrics = metricsOf(entries, throttles, absent, clock);

    dispatcher(absent, metrics).tickOnce();

    String text = metrics.scrape();
    assertThat(value(text, "hangar_scheduler_failures_total{kind=\"drone_unreachable\"}"))
        .isEqualTo(1);
    assertThat(value(text, "hangar_drone_up{drone=\"localhost\"}")).isZero();
    assertThat(value(text, "hangar_scheduler_failures_total{kind=\"drone_refused\"}")).isZero();
    assertThat(value(text, "hangar_scheduler_failures_total{kind=\"tick_error\"}")).isZero();
  }

  @Test
  void a_timed_tick_shows_in_the_tick_histogram_even_when_it_throws() {
    SchedulerMetrics metrics = metricsOf(entries, throttles, drone, clock);

    metrics.timeTick(() -> {});
    try {
      metrics.timeTick(
          () -> {
            throw new IllegalStateException("a bad row");
          });
    } catch (IllegalStateException expected) {
      metrics.tickFailed();
    }

    String text = metrics.scrape();
    assertThat(text).contains("# TYPE hangar_scheduler_tick_seconds histogram");
    assertThat(value(text, "hangar_scheduler_tick_seconds_count")).isEqualTo(2);
    assertThat(value(text, "hangar_scheduler_tick_seconds_bucket{le=\"0.1\"}"))
        .isLessThanOrEqualTo(2);
    assertThat(value(text, "hangar_scheduler_tick_seconds_bucket{le=\"+Inf\"}")).isEqualTo(2);
    assertThat(value(text, "hangar_scheduler_failures_total{kind=\"tick_error\"}")).isEqualTo(1);
  }

  @Test
  void concurrent_scrapes_all_answer() throws Exception {
    SchedulerMetrics metrics = metricsOf(entries, throttles, drone, clock);
    dispatcher(drone, metrics).tickOnce();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> scrapers = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);

    for (int t = 0; t < 8; t++) {
      scrapers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      go.await();
                      for (int i = 0; i < 50; i++) {
                        metrics.scrape();
                      }
                    } catch (Throwable e) {
                      failures.add(e);
                    }
                  }));
    }
    go.countDown();
    for (Thread t : scrapers) {
      t.join(Duration.ofMinutes(1));
    }

    assertThat(failures).isEmpty();
    assertThat(scrapers).noneMatch(Thread::isAlive);
  }

  @Test
  void a_wait_reason_is_logged_at_debug_with_the_reason_it_replaced() {
    SchedulerMetrics metrics = metricsOf(entries, throttles, drone, clock);
    Host host = newHost();
    hosts.lock(host.hostname(), "alice", "maintenance");
    long job = submit("exit 0", host);
    Dispatcher dispatcher = dispatcher(drone, metrics);
    Logger logger = (Logger) LoggerFactory.getLogger(SchedulerMetrics.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    Level before = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logger.addAppender(events);
    try {
      dispatcher.tickOnce();
      dispatcher.tickOnce();
    } finally {
      logger.detachAppender(events);
      logger.setLevel(before);
    }

    String prefix = "job=" + job + " hqe=" + jobs.get(job).entries().get(0).id();
    assertThat(events.list)
        .filteredOn(e -> e.getFormattedMessage().startsWith(prefix))
        .extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Level.DEBUG,
                prefix
                    + " host="
                    + host.hostname()
                    + " still queued: waiting: host "
                    + host.hostname()
                    + " is locked (maintenance) (was: new)"),
            org.assertj.core.groups.Tuple.tuple(
                Level.DEBUG,
                prefix
                    + " host="
                    + host.hostname()
                    + " still queued: waiting: host "
                    + host.hostname()
                    + " is locked (maintenance)"));
  }

  /** The value of the sample line that starts with {@code series}, such as {@code x{a="b"}}. */
  static double value(String scrape, String series) {
    return scrape
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .map(line -> Double.parseDouble(line.substring(series.length() + 1).strip()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sample " + series + " in:\n" + scrape));
  }

  private Dispatcher dispatcher(Drone drone, SchedulerMetrics metrics) {
    return new Dispatcher(
        DispatcherDeps.oneDrone(
            "metrics-test",
            hosts,
            jobs,
            entries,
            new SchedulerStore(database, clock),
            drone,
            dir.resolve("results"),
            throttles,
            Duration.ofSeconds(1),
            clock,
            metrics));
  }

  private Host newHost() {
    return hosts.create("rig" + HOSTS.incrementAndGet(), List.of(), Protection.NO_PROTECTION);
  }

  private long submit(String script, Host host) {
    return jobs.create(JobRequest.of("admin", "test", script, List.of(host.hostname()))).job().id();
  }

  private JobView tickUntilFinished(long job, Dispatcher d) {
    return Polling.await(
        "job " + job + " to finish",
        () -> {
          d.tickOnce();
          JobView view = jobs.get(job);
          return view.status().isFinished() ? Optional.of(view) : Optional.empty();
        });
  }
}
