package hangar.store;

import hangar.results.Analysis;
import hangar.results.Analysis.Axis;
import hangar.results.Analysis.Cell;
import hangar.results.Analysis.Filter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The results database read across jobs: the grid of tests by kernel, host or job; one metric over
 * kernels, jobs or time; two jobs or two kernels compared; the runs behind a grid's cell. Each is
 * one query with the filter's conditions bound, never spliced in.
 */
public final class ResultsAnalysisStore {
  /** The most columns a grid has: the newest. */
  public static final int MAX_COLUMNS = 40;

  /** The most tests a grid has. */
  public static final int MAX_TESTS = 500;

  /** The most values a plot reads: the newest. */
  public static final int MAX_VALUES = 200_000;

  private static final String TESTS = " FROM result_tests t";
  private static final String TESTS_AND_JOBS =
      TESTS + " JOIN result_jobs j ON j.id = t.result_job_id";

  private final Jdbi jdbi;
  private final int maxValues;

  public ResultsAnalysisStore(Database database) {
    this(database, MAX_VALUES);
  }

  /** A store whose plots read at most {@code maxValues} values (tests use a small one). */
  public ResultsAnalysisStore(Database database, int maxValues) {
    if (maxValues < 1) {
      throw new IllegalArgumentException("maxValues must be at least 1, not " + maxValues);
    }
    this.jdbi = database.jdbi();
    this.maxValues = maxValues;
  }

  /** The tests against the values of {@code by} (not time), the newest columns last. */
  public Analysis.Grid grid(Axis by, Filter filter) {
    if (by == Axis.TIME) {
      throw new IllegalArgumentException("a grid's columns are kernels, hosts or jobs, not time");
    }
    Where where = where(filter, by == Axis.HOST || by == Axis.JOB);
    String column = column(by);
    String sql =
        "SELECT t.name AS test, "
            + column
            + " AS col, t.status, COUNT(*) AS n, MAX(t.result_job_id) AS newest"
            + where.sql
            + " GROUP BY t.name, "
            + column
            + ", t.status";
    Map<String, Map<String, Map<String, Long>>> counts = new TreeMap<>();
    Map<String, Long> newest = new HashMap<>();
    jdbi.useHandle(
        h ->
            h.createQuery(sql)
                .bindMap(where.binds)
                .map(
                    (rs, ctx) -> {
                      String col = rs.getString("col");
                      col = col == null ? "" : col;
                      counts
                          .computeIfAbsent(rs.getString("test"), k -> new TreeMap<>())
                          .computeIfAbsent(col, k -> new TreeMap<>())
                          .merge(rs.getString("status"), rs.getLong("n"), Long::sum);
                      newest.merge(col, rs.getLong("newest"), Math::max);
                      return col;
                    })
                .list());
    List<String> columns =
        newest.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(MAX_COLUMNS)
            .map(Map.Entry::getKey)
            .toList()
            .reversed();
    List<String> tests = counts.keySet().stream().limit(MAX_TESTS).toList();
    Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
    for (String test : tests) {
      Map<String, Cell> row = new LinkedHashMap<>();
      counts.get(test).forEach((col, byStatus) -> row.put(col, new Cell(byStatus)));
      cells.put(test, row);
    }
    return new Analysis.Grid(by, tests, columns, cells);
  }

  /** The runs that match, newest first, at most {@code limit}. */
  public List<Analysis.Run> runs(Filter filter, String status, int limit) {
    Where where = where(filter, true);
    String sql =
        "SELECT t.name, t.status, t.reason, t.kernel, j.machine, j.job_id, j.tag, t.subdir,"
            + " t.started_on, t.finished_on"
            + where.sql
            + (status == null ? "" : " AND t.status = :status")
            + " ORDER BY j.id DESC, t.seq LIMIT "
            + Math.max(1, Math.min(limit, Page.MAX_LIMIT));
    return jdbi.withHandle(
        h -> {
          var query = h.createQuery(sql).bindMap(where.binds);
          if (status != null) {
            query.bind("status", status);
          }
          return query
              .map(
                  (rs, ctx) ->
                      new Analysis.Run(
                          rs.getString("name"),
                          rs.getString("status"),
                          rs.getString("reason"),
                          rs.getString("kernel"),
                          rs.getString("machine"),
                          Rows.nullableLong(rs, "job_id"),
                          rs.getString("tag"),
                          rs.getString("subdir"),
                          Rows.instant(rs, "started_on", ctx),
                          Rows.instant(rs, "finished_on", ctx)))
              .list();
        });
  }

  /**
   * One metric over kernels, jobs, hosts or time: one point per value of the axis (per run for
   * time), in the order they first ran, each with the spread of every iteration's value. Past
   * {@code maxValues} values only the newest are read, and the series says so.
   */
  public Analysis.Series perf(String metric, Axis by, Filter filter) {
    if (metric == null || metric.isBlank() || metric.length() > ResultsDbStore.NAME_MAX) {
      throw new IllegalArgumentException(
          "metric must name a perf value (1 to "
              + ResultsDbStore.NAME_MAX
              + " characters), such as throughput_mb_per_s; 'hangar results metrics' lists them");
    }
    Where where =
        where(
            filter,
            by == Axis.HOST || by == Axis.JOB,
            " JOIN result_iterations i ON i.test_id = t.id");
    String x = by == Axis.TIME ? "t.id" : column(by);
    String sql =
        "SELECT "
            + x
            + " AS x, t.id AS run, t.result_job_id AS job_row, i.perf_value"
            + (by == Axis.TIME ? ", t.finished_on" : "")
            + where.sql
            + " AND i.kind = 'perf' AND i.name = :metric AND i.perf_value IS NOT NULL";
    return jdbi.withHandle(
        h -> {
          // Unsorted first: the database need not sort what fits. Past the cap, the newest.
          PerfRows rows = PerfRows.read(h, sql + " LIMIT " + (maxValues + 1), where, metric, by);
          boolean truncated = rows.count > maxValues;
          if (truncated) {
            rows =
                PerfRows.read(
                    h,
                    sql + " ORDER BY t.result_job_id DESC, t.id DESC LIMIT " + maxValues,
                    where,
                    metric,
                    by);
          }
          return new Analysis.Series(rows.points(by), truncated, maxValues);
        });
  }

  /** The values of one metric read so far, by point. */
  private static final class PerfRows {
    private final Map<String, List<Double>> values = new HashMap<>();
    private final Map<String, java.util.Set<Long>> runs = new HashMap<>();
    private final Map<String, long[]> first = new HashMap<>(); // result_jobs row, then test
    private final Map<String, String> labels = new HashMap<>();
    private int count;

    static PerfRows read(Handle h, String sql, Where where, String metric, Axis by) {
      return h.createQuery(sql)
          .bindMap(where.binds)
          .bind("metric", metric)
          .reduceResultSet(
              new PerfRows(),
              (rows, rs, ctx) -> {
                rows.count++;
                String key = rs.getString("x");
                key = key == null ? "" : key;
                long run = rs.getLong("run");
                long job = rs.getLong("job_row");
                if (by == Axis.TIME) {
                  java.time.Instant at = Rows.instant(rs, "finished_on", ctx);
                  rows.labels.put(key, at == null ? "" : at.toString());
                }
                rows.values
                    .computeIfAbsent(key, k -> new ArrayList<>())
                    .add(rs.getDouble("perf_value"));
                rows.runs.computeIfAbsent(key, k -> new java.util.HashSet<>()).add(run);
                rows.first.merge(
                    key,
                    new long[] {job, run},
                    (a, b) -> java.util.Arrays.compare(a, b) <= 0 ? a : b);
                return rows;
              });
    }

    /** The points in the order their first runs ran. */
    List<Analysis.Point> points(Axis by) {
      return values.keySet().stream()
          .sorted((a, b) -> java.util.Arrays.compare(first.get(a), first.get(b)))
          .map(
              key ->
                  Analysis.point(
                      by == Axis.TIME ? labels.get(key) : key,
                      runs.get(key).size(),
                      values.get(key).stream().mapToDouble(Double::doubleValue).toArray()))
          .toList();
    }
  }

  /** The perf metrics measured by the tests that match, by name. */
  public List<String> metrics(Filter filter) {
    if (summed(filter)) {
      return jdbi.withHandle(h -> KernelSums.metrics(h, filter.kernel(), filter.test()));
    }
    Where where = where(filter, false, " JOIN result_iterations i ON i.test_id = t.id");
    String sql =
        "SELECT DISTINCT i.name" + where.sql + " AND i.kind = 'perf' ORDER BY i.name LIMIT 1000";
    return jdbi.withHandle(h -> h.createQuery(sql).bindMap(where.binds).mapTo(String.class).list());
  }

  /**
   * Side A against side B: each test's outcomes and each metric's mean on both.
   *
   * @param a what side A reads (a job or a kernel, with any other conditions)
   * @param b what side B reads
   * @param thresholdPercent the change that counts as a regression
   */
  public Analysis.Comparison compare(
      String nameA, Filter a, String nameB, Filter b, double thresholdPercent) {
    return jdbi.withHandle(
        h -> {
          Side sideA = side(h, a);
          Side sideB = side(h, b);
          List<Analysis.Outcome> outcomes = new ArrayList<>();
          for (String test : union(sideA.outcomes.keySet(), sideB.outcomes.keySet())) {
            Cell ca = new Cell(sideA.outcomes.getOrDefault(test, Map.of()));
            Cell cb = new Cell(sideB.outcomes.getOrDefault(test, Map.of()));
            boolean regression = ca.total() > 0 && ca.passed() == ca.total() && cb.failed() > 0;
            outcomes.add(new Analysis.Outcome(test, ca, cb, regression));
          }
          List<Analysis.Change> changes = new ArrayList<>();
          for (String key : union(sideA.means.keySet(), sideB.means.keySet())) {
            String[] parts = key.split("\u0000", 2);
            changes.add(
                Analysis.change(
                    parts[0],
                    parts[1],
                    sideA.means.get(key),
                    sideB.means.get(key),
                    thresholdPercent));
          }
          return new Analysis.Comparison(nameA, nameB, thresholdPercent, outcomes, changes);
        });
  }

  private record Side(Map<String, Map<String, Long>> outcomes, Map<String, Double> means) {}

  private static Side side(Handle h, Filter filter) {
    if (filter.kernel() != null && summed(filter)) {
      return new Side(
          KernelSums.outcomes(h, filter.kernel(), filter.test()),
          KernelSums.means(h, filter.kernel(), filter.test()));
    }
    Where where = where(filter, false);
    Map<String, Map<String, Long>> outcomes =
        KernelSums.outcomesOf(
            h.createQuery(
                    "SELECT t.name, t.status, COUNT(*) AS n"
                        + where.sql
                        + " GROUP BY t.name, t.status")
                .bindMap(where.binds));
    Where perf = where(filter, false, " JOIN result_iterations i ON i.test_id = t.id");
    Map<String, Double> means =
        KernelSums.meansOf(
            h.createQuery(
                    "SELECT t.name, i.name AS metric, AVG(i.perf_value) AS mean"
                        + perf.sql
                        + " AND i.kind = 'perf' AND i.perf_value IS NOT NULL"
                        + " GROUP BY t.name, i.name")
                .bindMap(perf.binds));
    return new Side(outcomes, means);
  }

  /** Whether a filter asks only for tests and kernels, which each kernel's sums answer. */
  private static boolean summed(Filter filter) {
    return filter.host() == null && filter.label() == null && filter.job() == null;
  }

  private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    TreeSet<String> all = new TreeSet<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  /** The column an axis reads: fixed SQL, never a user's text. */
  private static String column(Axis by) {
    return switch (by) {
      case KERNEL -> "t.kernel";
      case HOST -> "j.machine";
      case JOB -> "j.job_id";
      case TIME -> throw new IllegalArgumentException("time is not a column");
    };
  }

  /** A FROM and WHERE clause of fixed SQL, and the filter's values bound to it. */
  private record Where(String sql, Map<String, Object> binds) {}

  private static Where where(Filter f, boolean jobColumns) {
    return where(f, jobColumns, "");
  }

  /**
   * The tests the filter matches, joined to their result_jobs row only when the filter or the query
   * reads its columns (the join doubles the time of an aggregate over every test of a kernel), then
   * to {@code join}.
   */
  private static Where where(Filter f, boolean jobColumns, String join) {
    boolean jobs = jobColumns || !summed(f);
    StringBuilder sql = new StringBuilder(jobs ? TESTS_AND_JOBS : TESTS);
    sql.append(join).append(" WHERE 1 = 1");
    Map<String, Object> binds = new HashMap<>();
    if (f.test() != null) {
      sql.append(" AND t.name = :test");
      binds.put("test", f.test());
    }
    if (f.host() != null) {
      sql.append(" AND j.machine = :host");
      binds.put("host", f.host());
    }
    if (f.label() != null) {
      sql.append(
          " AND j.machine IN (SELECT h.hostname FROM hosts h"
              + " JOIN host_labels hl ON hl.host_id = h.id"
              + " JOIN labels l ON l.id = hl.label_id WHERE l.name = :label)");
      binds.put("label", f.label());
    }
    if (f.job() != null) {
      sql.append(" AND j.job_id = :job");
      binds.put("job", f.job());
    }
    if (f.kernel() != null) {
      sql.append(" AND t.kernel = :kernel");
      binds.put("kernel", f.kernel());
    }
    return new Where(sql.toString(), binds);
  }
}
