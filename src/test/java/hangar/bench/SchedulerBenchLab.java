package hangar.bench;

import hangar.autoserv.SessionSpec;
import hangar.config.DbType;
import hangar.drone.LocalDrone;
import hangar.lab.ControlType;
import hangar.lab.EntryStatus;
import hangar.lab.HostStatus;
import hangar.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The scheduler benchmark's lab: hosts, labels, jobs and entries loaded in bulk, and the held
 * sessions of its Running entries started on the drone.
 */
final class SchedulerBenchLab {
  private static final int LABELS = 10;
  private static final int STARTERS = 16;

  private SchedulerBenchLab() {}

  /** Bulk rows through JDBC batches: the stores' one-at-a-time paths would take hours here. */
  static void load(Database database, SchedulerBenchmark.Options o, Clock clock, String scheduler) {
    Instant now = clock.instant();
    database
        .jdbi()
        .useHandle(
            h -> {
              insertLabels(h);
              insertHosts(h, o.hosts(), now);
              insertJobs(h, o.queued() + o.running(), now);
              insertEntries(h, o, now, scheduler);
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
    labelAndShare(h, LABELS);
  }

  /**
   * Gives every host the label {@code label<id mod labels>} and puts it in the Everyone ACL group,
   * in two statements.
   */
  static void labelAndShare(Handle h, int labels) {
    h.execute(
        "INSERT INTO host_labels (host_id, label_id) SELECT h.id, l.id FROM hosts h JOIN labels l"
            + " ON l.name = CONCAT('label', MOD(h.id, "
            + labels
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
  private static void insertEntries(
      Handle h, SchedulerBenchmark.Options o, Instant now, String scheduler) {
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
          .bind("scheduler", held ? scheduler : null)
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
   * carry that many running sessions, and its follow step has them all to follow.
   */
  static void startHeldSessions(Database database, LocalDrone drone, Path dir, Clock clock)
      throws IOException {
    List<long[]> held =
        database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT id, job_id FROM host_queue_entries WHERE status = 'RUNNING'")
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
}
