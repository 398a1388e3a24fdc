package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.drone.LocalDrone;
import hangar.drone.ShellSessionRunner;
import hangar.lab.HostStatus;
import hangar.lab.JobRequest;
import hangar.lab.JobStatus;
import hangar.lab.JobView;
import hangar.lab.Protection;
import hangar.store.Database;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.testing.HangarProcess;
import hangar.testing.Polling;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code hangar scheduler} processes, killed with SIGKILL while a stream of jobs runs. Every
 * job's session appends one line to a file of its own and holds a per-host lock directory while it
 * runs, so a job run twice or a host given to two entries at once shows up as a second line or a
 * failed job. Run on every database by the subclasses.
 */
abstract class SchedulerProcessTest {
  private static final int HOSTS = 4;
  private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(3);

  @TempDir Path dir;

  private DatabaseSettings settings;
  private Database database;
  private LocalDrone drone;
  private final List<HangarProcess> schedulers = new ArrayList<>();
  private final Clock clock = Clock.systemUTC();
  private Path config;
  private Path marks;
  private Path locks;

  abstract DbType type();

  @BeforeEach
  void setUp() throws IOException {
    settings = TestDatabases.fresh(type());
    Path data = dir.resolve("var");
    // The test opens the database first, shared as 'hangar server --no-scheduler' does: for H2
    // this process then serves it to the schedulers, on loopback, with the password they read.
    database = Database.openShared(settings, data);
    drone = LocalDrone.create(data.resolve("drone"), ShellSessionRunner.class);
    config = TestConfigs.write(dir.resolve("global_config.ini"), settings);
    marks = Files.createDirectories(dir.resolve("marks"));
    locks = Files.createDirectories(dir.resolve("locks"));
    HostStore hosts = new HostStore(database, clock);
    for (int i = 1; i <= HOSTS; i++) {
      hosts.create("h" + i, List.of(), Protection.NO_PROTECTION);
    }
  }

  @AfterEach
  void tearDown() {
    schedulers.forEach(HangarProcess::close);
    if (drone != null) {
      drone.shutdown();
    }
    if (database != null) {
      database.close();
      TestDatabases.drop(settings);
    }
  }

  @Test
  void a_scheduler_killed_again_and_again_loses_nothing_and_runs_nothing_twice()
      throws IOException {
    Random random = new Random(42);
    Map<Long, String> jobs = new LinkedHashMap<>();
    HangarProcess scheduler = startScheduler();
    for (int round = 0; round < 6; round++) {
      for (int i = 0; i < 5; i++) {
        submit(jobs, "h" + (1 + random.nextInt(HOSTS)));
      }
      pause(300 + random.nextInt(1200));
      scheduler.kill();
      scheduler = startScheduler();
    }

    assertEveryJobRanOnce(jobs);
  }

  @Test
  void two_schedulers_share_the_work_and_the_survivor_adopts_the_dead_ones_entries()
      throws IOException {
    Random random = new Random(7);
    Map<Long, String> jobs = new LinkedHashMap<>();
    HangarProcess first = startScheduler();
    startScheduler();
    for (int i = 0; i < 16; i++) {
      submit(jobs, "h" + (1 + random.nextInt(HOSTS)));
    }
    pause(1500);
    first.kill();
    for (int i = 0; i < 8; i++) {
      submit(jobs, "h" + (1 + random.nextInt(HOSTS)));
    }

    assertEveryJobRanOnce(jobs);
  }

  private HangarProcess startScheduler() {
    HangarProcess process =
        HangarProcess.start(
            dir.resolve("schedulers.log"),
            "scheduler",
            "--data",
            dir.resolve("var").toString(),
            "--config",
            config.toString());
    schedulers.add(process);
    return process;
  }

  private void submit(Map<Long, String> jobs, String host) {
    String mark = UUID.randomUUID().toString();
    Path lock = locks.resolve(host);
    String script =
        """
        mkdir '%s' || exit 99
        echo ran >> '%s'
        sleep 0.2
        rmdir '%s'
        """
            .formatted(lock, marks.resolve(mark), lock);
    long id =
        new JobStore(database, clock)
            .create(JobRequest.of("admin", "stream", script, List.of(host)))
            .job()
            .id();
    jobs.put(id, mark);
  }

  private void assertEveryJobRanOnce(Map<Long, String> jobs) throws IOException {
    JobStore store = new JobStore(database, clock);
    for (long id : jobs.keySet()) {
      JobView done =
          Polling.await(
              "job " + id + " to finish",
              STREAM_TIMEOUT,
              () -> Optional.of(store.get(id)).filter(j -> j.status().isFinished()));
      assertThat(done.status())
          .as("job %d: %s", id, done.entries().get(0).reason())
          .isEqualTo(JobStatus.COMPLETED);
      assertThat(Files.readAllLines(marks.resolve(jobs.get(id))))
          .as("runs of job %d", id)
          .containsExactly("ran");
    }
    assertThat(new HostQueueEntryStore(database, clock).active()).isEmpty();
    assertThat(new HostStore(database, clock).list())
        .allSatisfy(h -> assertThat(h.status()).isEqualTo(HostStatus.READY));
  }

  /** Paces the stream: kills land at varied moments of the jobs' lives, not on an event. */
  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
