package hangar.store;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Each kernel's sums (tables {@code result_kernel_outcomes} and {@code result_kernel_perf}): read
 * by the analysis for whole kernels, and kept by each parse.
 *
 * <p>An instance is the change one parse makes to them: what the result_jobs row it replaces
 * counted, taken away, and what the new row counts, added. Rows are changed in key order, so two
 * parses writing at once wait for each other instead of deadlocking; a row whose count reaches zero
 * goes.
 */
final class KernelSums {
  /** A kernel, a test and a status or a metric: one row's key. */
  private record Key(String kernel, String test, String name) {}

  private static final Comparator<Key> ORDER =
      Comparator.comparing(Key::kernel).thenComparing(Key::test).thenComparing(Key::name);

  private final Map<Key, Long> outcomes = new TreeMap<>(ORDER);
  private final Map<Key, double[]> perf = new TreeMap<>(ORDER);

  /** Each test's runs by status on a kernel, for one test or all. */
  static Map<String, Map<String, Long>> outcomes(Handle h, String kernel, String test) {
    return outcomesOf(
        sums(
            h,
            "SELECT test AS name, status, runs AS n FROM result_kernel_outcomes WHERE runs > 0",
            kernel,
            test,
            ""));
  }

  /** Each test's mean of each metric on a kernel, keyed "test\0metric". */
  static Map<String, Double> means(Handle h, String kernel, String test) {
    return meansOf(
        sums(
            h,
            "SELECT test AS name, metric, total / n_values AS mean FROM result_kernel_perf"
                + " WHERE n_values > 0",
            kernel,
            test,
            ""));
  }

  /** Each test's runs by status, from rows of {@code name}, {@code status} and {@code n}. */
  static Map<String, Map<String, Long>> outcomesOf(Query rows) {
    return rows.reduceResultSet(
        new TreeMap<String, Map<String, Long>>(),
        (all, rs, ctx) -> {
          all.computeIfAbsent(rs.getString("name"), k -> new TreeMap<>())
              .put(rs.getString("status"), rs.getLong("n"));
          return all;
        });
  }

  /**
   * Each test's mean of each metric keyed "test\0metric", from rows of {@code name}, {@code metric}
   * and {@code mean}.
   */
  static Map<String, Double> meansOf(Query rows) {
    return rows.reduceResultSet(
        new TreeMap<String, Double>(),
        (all, rs, ctx) -> {
          all.put(rs.getString("name") + "\u0000" + rs.getString("metric"), rs.getDouble("mean"));
          return all;
        });
  }

  /** The metrics measured on a kernel (or any) by a test (or any), by name. */
  static List<String> metrics(Handle h, String kernel, String test) {
    return sums(
            h,
            "SELECT DISTINCT metric FROM result_kernel_perf WHERE n_values > 0",
            kernel,
            test,
            " ORDER BY metric LIMIT 1000")
        .mapTo(String.class)
        .list();
  }

  /** A query of the sums for a kernel and a test, either of them null for any. */
  private static Query sums(Handle h, String select, String kernel, String test, String tail) {
    Query query =
        h.createQuery(
            select
                + (kernel == null ? "" : " AND kernel = :kernel")
                + (test == null ? "" : " AND test = :test")
                + tail);
    if (kernel != null) {
      query.bind("kernel", kernel);
    }
    if (test != null) {
      query.bind("test", test);
    }
    return query;
  }

  /**
   * Sums every kernel again from the rows they sum, as {@code V14__kernel_sums.sql} first did: for
   * rows written by other means than {@link ResultsDbStore#replace} (a bulk load).
   */
  static void recount(Handle h) {
    h.execute("DELETE FROM result_kernel_outcomes");
    h.execute("DELETE FROM result_kernel_perf");
    h.execute(
        "INSERT INTO result_kernel_outcomes (kernel, test, status, runs)"
            + " SELECT kernel, name, status, COUNT(*) FROM result_tests"
            + " GROUP BY kernel, name, status");
    h.execute(
        "INSERT INTO result_kernel_perf (kernel, test, metric, n_values, total)"
            + " SELECT t.kernel, t.name, i.name, COUNT(*), SUM(i.perf_value)"
            + " FROM result_tests t JOIN result_iterations i ON i.test_id = t.id"
            + " WHERE i.kind = 'perf' AND i.perf_value IS NOT NULL"
            + " GROUP BY t.kernel, t.name, i.name");
  }

  /** Counts what a result_jobs row holds, {@code sign} 1 to add it or -1 to take it away. */
  void count(Handle h, long resultJob, int sign) {
    h.createQuery(
            "SELECT kernel, name, status, COUNT(*) AS n FROM result_tests"
                + " WHERE result_job_id = :job GROUP BY kernel, name, status")
        .bind("job", resultJob)
        .reduceResultSet(
            outcomes,
            (sums, rs, ctx) -> {
              sums.merge(
                  new Key(rs.getString("kernel"), rs.getString("name"), rs.getString("status")),
                  sign * rs.getLong("n"),
                  Long::sum);
              return sums;
            });
    h.createQuery(
            "SELECT t.kernel, t.name, i.name AS metric, COUNT(*) AS n, SUM(i.perf_value) AS total"
                + " FROM result_tests t JOIN result_iterations i ON i.test_id = t.id"
                + " WHERE t.result_job_id = :job AND i.kind = 'perf' AND i.perf_value IS NOT NULL"
                + " GROUP BY t.kernel, t.name, i.name")
        .bind("job", resultJob)
        .reduceResultSet(
            perf,
            (sums, rs, ctx) -> {
              sums.merge(
                  new Key(rs.getString("kernel"), rs.getString("name"), rs.getString("metric")),
                  new double[] {sign * rs.getLong("n"), sign * rs.getDouble("total")},
                  (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
              return sums;
            });
  }

  /** Writes the changes counted. */
  void apply(Handle h) {
    outcomes.forEach(
        (key, delta) -> {
          if (delta != 0) {
            change(
                h,
                "result_kernel_outcomes",
                "status",
                key,
                "runs = runs + :runs",
                "runs <= 0",
                "(kernel, test, status, runs) VALUES (:kernel, :test, :name, :runs)",
                Map.of("runs", delta),
                delta > 0);
          }
        });
    perf.forEach(
        (key, delta) -> {
          if (delta[0] != 0) {
            change(
                h,
                "result_kernel_perf",
                "metric",
                key,
                "n_values = n_values + :n, total = total + :total",
                "n_values <= 0",
                "(kernel, test, metric, n_values, total) VALUES (:kernel, :test, :name, :n, :total)",
                Map.of("n", (long) delta[0], "total", delta[1]),
                delta[0] > 0);
          }
        });
  }

  private static void change(
      Handle h,
      String table,
      String nameColumn,
      Key key,
      String set,
      String empty,
      String insert,
      Map<String, Object> values,
      boolean adds) {
    String where = " WHERE kernel = :kernel AND test = :test AND " + nameColumn + " = :name";
    int updated =
        h.createUpdate("UPDATE " + table + " SET " + set + where)
            .bind("kernel", key.kernel)
            .bind("test", key.test)
            .bind("name", key.name)
            .bindMap(values)
            .execute();
    if (updated == 0 && adds) {
      // A parse in another process may insert the same row first: this insert then fails, the
      // transaction rolls back and the parse is tried again, when the row is there.
      h.createUpdate("INSERT INTO " + table + " " + insert)
          .bind("kernel", key.kernel)
          .bind("test", key.test)
          .bind("name", key.name)
          .bindMap(values)
          .execute();
    } else if (!adds) {
      h.createUpdate("DELETE FROM " + table + where + " AND " + empty)
          .bind("kernel", key.kernel)
          .bind("test", key.test)
          .bind("name", key.name)
          .execute();
    }
  }
}
