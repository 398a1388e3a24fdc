package hangar.store;

import hangar.results.ParsedResults;
import hangar.results.ParsedTest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The results database (the seeds' TKO): the parsed records of every session's results folder,
 * written by the scheduler once the drone that ran the session parsed it.
 */
public final class ResultsDbStore {
  private static final ReentrantLock WRITES = new ReentrantLock();

  /** Names (keys, test names, subdirs) longer than this are cut to fit their columns. */
  static final int NAME_MAX = 255;

  private final Jdbi jdbi;
  private final Clock clock;

  public ResultsDbStore(Database database, Clock clock) {
    this.jdbi = database.jdbi();
    this.clock = clock;
  }

  /**
   * A parsed folder as the results database holds it.
   *
   * @param tag the folder's path under the results root, such as {@code 12-alice/board7}
   * @param jobId the lab's job it came from, or null
   * @param drone the drone that parsed it, or null
   * @param parsedOn when it was written
   * @param results the records (without the parser's warnings, which are logged, not kept)
   */
  public record StoredResults(
      String tag, Long jobId, String drone, Instant parsedOn, ParsedResults results) {}

  /**
   * Writes a folder's records, replacing what an earlier parse of the same tag wrote, in one
   * transaction: a parse done twice (a scheduler restarted mid-way) leaves one copy.
   */
  public void replace(String tag, Long jobId, String drone, ParsedResults results) {
    // One write at a time in this process: two parses adding the same kernel's first row would
    // otherwise both insert it, and one would fail and wait for its retry.
    WRITES.lock();
    try {
      jdbi.useTransaction(h -> write(h, tag, jobId, drone, results));
    } finally {
      WRITES.unlock();
    }
  }

  /**
   * Sums every kernel's results again from the rows themselves, for rows loaded by other means than
   * {@link #replace}.
   */
  public void recountKernelSums() {
    WRITES.lock();
    try {
      jdbi.useTransaction(KernelSums::recount);
    } finally {
      WRITES.unlock();
    }
  }

  private void write(Handle h, String tag, Long jobId, String drone, ParsedResults results) {
    KernelSums sums = new KernelSums();
    h.createQuery("SELECT id FROM result_jobs WHERE tag = :tag")
        .bind("tag", tag)
        .mapTo(Long.class)
        .findOne()
        .ifPresent(old -> sums.count(h, old, -1));
    h.createUpdate("DELETE FROM result_jobs WHERE tag = :tag").bind("tag", tag).execute();
    long id = insertJob(h, tag, jobId, drone, results);
    PreparedBatch keyvals =
        h.prepareBatch(
            "INSERT INTO result_job_keyvals (result_job_id, name, text_value)"
                + " VALUES (:id, :name, :value)");
    results
        .keyvals()
        .forEach((k, v) -> keyvals.bind("id", id).bind("name", cut(k)).bind("value", v).add());
    execute(keyvals);
    int seq = 0;
    for (ParsedTest test : results.tests()) {
      insertTest(h, id, seq++, test);
    }
    sums.count(h, id, 1);
    sums.apply(h);
  }

  private long insertJob(Handle h, String tag, Long jobId, String drone, ParsedResults r) {
    return h.createUpdate(
            """
            INSERT INTO result_jobs (tag, job_id, drone, machine, username, label, status, reason,
                                     kernel, queued_on, started_on, finished_on, parsed_on)
            VALUES (:tag, :job, :drone, :machine, :user, :label, :status, :reason, :kernel,
                    :queued, :started, :finished, :now)""")
        .bind("tag", tag)
        .bind("job", jobId)
        .bind("drone", drone)
        .bind("machine", cut(r.machine(), 1000))
        .bind("user", cut(r.user()))
        .bind("label", cut(r.label(), 1000))
        .bind("status", r.status())
        .bind("reason", r.reason())
        .bind("kernel", cut(r.kernel()))
        .bind("queued", r.queued())
        .bind("started", r.started())
        .bind("finished", r.finished())
        .bind("now", clock.instant())
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  private static void insertTest(Handle h, long jobRow, int seq, ParsedTest test) {
    long id =
        h.createUpdate(
                """
                INSERT INTO result_tests (result_job_id, seq, subdir, name, status, reason, kernel,
                                          started_on, finished_on)
                VALUES (:job, :seq, :subdir, :name, :status, :reason, :kernel, :started,
                        :finished)""")
            .bind("job", jobRow)
            .bind("seq", seq)
            .bind("subdir", cut(test.subdir()))
            .bind("name", cut(test.name()))
            .bind("status", test.status())
            .bind("reason", test.reason())
            .bind("kernel", cut(test.kernel()))
            .bind("started", test.started())
            .bind("finished", test.finished())
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    PreparedBatch attributes =
        h.prepareBatch(
            "INSERT INTO result_test_attributes (test_id, name, text_value)"
                + " VALUES (:id, :name, :value)");
    test.attributes()
        .forEach((k, v) -> attributes.bind("id", id).bind("name", cut(k)).bind("value", v).add());
    execute(attributes);
    PreparedBatch values =
        h.prepareBatch(
            "INSERT INTO result_iterations (test_id, iteration, kind, name, text_value, perf_value)"
                + " VALUES (:id, :iteration, :kind, :name, :text, :perf)");
    for (ParsedTest.Iteration iteration : test.iterations()) {
      iteration
          .attributes()
          .forEach((k, v) -> addValue(values, id, iteration.index(), "attr", k, v, null));
      iteration
          .perf()
          .forEach((k, v) -> addValue(values, id, iteration.index(), "perf", k, null, v));
    }
    execute(values);
  }

  private static void addValue(
      PreparedBatch batch,
      long test,
      int iteration,
      String kind,
      String name,
      String text,
      Double perf) {
    batch
        .bind("id", test)
        .bind("iteration", iteration)
        .bind("kind", kind)
        .bind("name", cut(name))
        .bindByType("text", text, String.class)
        .bindByType("perf", perf, Double.class)
        .add();
  }

  private static void execute(PreparedBatch batch) {
    if (batch.size() > 0) {
      batch.execute();
    }
  }

  /** The parsed folders of a job, by tag. */
  public List<StoredResults> forJob(long jobId) {
    return jdbi.withHandle(
        h ->
            h
                .createQuery("SELECT * FROM result_jobs WHERE job_id = :job ORDER BY tag")
                .bind("job", jobId)
                .map(ResultsDbStore::jobRow)
                .list()
                .stream()
                .map(row -> row.complete(h))
                .toList());
  }

  /** The parsed folder with this tag, if it was parsed. */
  public Optional<StoredResults> find(String tag) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM result_jobs WHERE tag = :tag")
                .bind("tag", tag)
                .map(ResultsDbStore::jobRow)
                .findOne()
                .map(row -> row.complete(h)));
  }

  /** A result_jobs row read, before its keyvals and tests. */
  private record JobRow(long id, StoredResults head) {
    StoredResults complete(Handle h) {
      Map<String, String> keyvals = new LinkedHashMap<>();
      h.createQuery(
              "SELECT name, text_value FROM result_job_keyvals WHERE result_job_id = :id"
                  + " ORDER BY name")
          .bind("id", id)
          .map((rs, ctx) -> keyvals.put(rs.getString("name"), rs.getString("text_value")))
          .list();
      ParsedResults r = head.results();
      return new StoredResults(
          head.tag(),
          head.jobId(),
          head.drone(),
          head.parsedOn(),
          new ParsedResults(
              r.machine(),
              r.user(),
              r.label(),
              r.queued(),
              r.started(),
              r.finished(),
              r.status(),
              r.reason(),
              r.kernel(),
              keyvals,
              ResultsTests.read(h, id),
              List.of()));
    }
  }

  private static JobRow jobRow(ResultSet rs, StatementContext ctx) throws SQLException {
    ParsedResults results =
        new ParsedResults(
            rs.getString("machine"),
            rs.getString("username"),
            rs.getString("label"),
            Rows.instant(rs, "queued_on", ctx),
            Rows.instant(rs, "started_on", ctx),
            Rows.instant(rs, "finished_on", ctx),
            rs.getString("status"),
            rs.getString("reason"),
            rs.getString("kernel"),
            Map.of(),
            List.of(),
            List.of());
    return new JobRow(
        rs.getLong("id"),
        new StoredResults(
            rs.getString("tag"),
            Rows.nullableLong(rs, "job_id"),
            rs.getString("drone"),
            Rows.instant(rs, "parsed_on", ctx),
            results));
  }

  static String cut(String name) {
    return cut(name, NAME_MAX);
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max);
  }
}
