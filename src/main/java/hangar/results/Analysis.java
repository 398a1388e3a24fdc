package hangar.results;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The results analysis's shapes and arithmetic, as TKO's: a grid of tests against kernels, hosts or
 * jobs; one performance metric across them with its spread; two jobs or kernels side by side.
 */
public final class Analysis {
  private Analysis() {}

  /** What a grid's columns or a plot's points are. */
  public enum Axis {
    KERNEL,
    HOST,
    JOB,
    TIME;

    /** The axis a user named: kernel, host, job or time, any case. */
    public static Axis parse(String text) {
      return Arrays.stream(values())
          .filter(a -> a.name().equalsIgnoreCase(text == null ? "" : text.strip()))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "by must be kernel, host, job or time, was "
                          + hangar.lab.Names.quote(String.valueOf(text))));
    }

    /** Its name as the API and the CLI write it. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Which results a query reads; null or empty for no condition.
   *
   * @param test the test's name
   * @param host the machine it ran on
   * @param label a label the machine carries now
   * @param job the lab's job id
   * @param kernel the kernel the test ran on
   */
  public record Filter(String test, String host, String label, Long job, String kernel) {
    /** No condition at all. */
    public static final Filter ALL = new Filter(null, null, null, null, null);

    public Filter {
      test = blankToNull(test);
      host = blankToNull(host);
      label = blankToNull(label);
      kernel = blankToNull(kernel);
    }

    /**
     * The filter a request's query names: {@code test}, {@code host}, {@code label}, {@code job}
     * and {@code kernel}, each read through {@code param} (null when absent).
     *
     * @param prefix put before each name ({@code a_} reads {@code a_job}), or empty
     * @throws IllegalArgumentException when the job is not a number
     */
    public static Filter of(java.util.function.UnaryOperator<String> param, String prefix) {
      String job = blankToNull(param.apply(prefix + "job"));
      Long jobId;
      try {
        jobId = job == null ? null : Long.valueOf(job);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            prefix + "job must be a job id, was " + hangar.lab.Names.quote(job), e);
      }
      return new Filter(
          param.apply(prefix + "test"),
          param.apply(prefix + "host"),
          param.apply(prefix + "label"),
          jobId,
          param.apply(prefix + "kernel"));
    }

    /**
     * The same conditions with {@code other}'s job and kernel instead, for one side of a compare.
     */
    public Filter side(Filter other) {
      return new Filter(test, host, label, other.job(), other.kernel());
    }

    /** What this side is, as a page or a table names it: job 12, kernel 6.1.0. */
    public String describe() {
      List<String> parts = new java.util.ArrayList<>();
      if (job != null) {
        parts.add("job " + job);
      }
      if (kernel != null) {
        parts.add("kernel " + kernel);
      }
      return parts.isEmpty() ? "all" : String.join(", ", parts);
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }
  }

  /**
   * The runs of one test in one column, by status.
   *
   * @param byStatus the status words (GOOD, FAIL, ...) with their counts
   */
  public record Cell(Map<String, Long> byStatus) {
    public Cell {
      byStatus = Map.copyOf(byStatus);
    }

    /** Every run. */
    public long total() {
      return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The runs that passed. */
    public long passed() {
      return byStatus.getOrDefault("GOOD", 0L);
    }

    /** The runs that did not pass (TEST_NA and WARN count as not failed). */
    public long failed() {
      return total()
          - passed()
          - byStatus.getOrDefault("TEST_NA", 0L)
          - byStatus.getOrDefault("WARN", 0L);
    }
  }

  /**
   * Tests against the values of one axis.
   *
   * @param by what the columns are
   * @param tests the rows, by name
   * @param columns the columns, oldest first
   * @param cells test name to column to its runs; a missing cell had no run
   */
  public record Grid(
      Axis by, List<String> tests, List<String> columns, Map<String, Map<String, Cell>> cells) {}

  /**
   * One run of one test.
   *
   * @param test the test's name
   * @param status GOOD, FAIL, ...
   * @param reason why it ended so
   * @param kernel the kernel it ran on
   * @param host the machine
   * @param job the lab's job id, or null
   * @param tag the results folder's path under /results
   * @param subdir the test's folder in it
   * @param started when it started
   * @param finished when it finished
   */
  public record Run(
      String test,
      String status,
      String reason,
      String kernel,
      String host,
      Long job,
      String tag,
      String subdir,
      Instant started,
      Instant finished) {}

  /**
   * One point of a metric: every value measured at one kernel, job or run.
   *
   * @param x the kernel, the job id, or the run's finish time
   * @param runs how many test runs measured it
   * @param values how many values (iterations) there are
   * @param min the smallest
   * @param median the median
   * @param max the largest
   */
  public record Point(String x, int runs, int values, double min, double median, double max) {}

  /**
   * One metric's points, and whether the newest values alone were read because there were more than
   * a plot reads.
   *
   * @param points the points, in the order their runs first ran
   * @param truncated true when older values were left out
   * @param maxValues the most values a plot reads
   */
  public record Series(List<Point> points, boolean truncated, int maxValues) {
    public Series {
      points = List.copyOf(points);
    }
  }

  /** The point over {@code values} (not empty), measured by {@code runs} runs. */
  public static Point point(String x, int runs, double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new Point(x, runs, n, sorted[0], median, sorted[n - 1]);
  }

  /**
   * One metric of one test on both sides of a comparison.
   *
   * @param test the test
   * @param metric the perf value's name
   * @param a the mean on side A, or null when A did not measure it
   * @param b the mean on side B, or null
   * @param changePercent (B - A) / A in percent, or null when it cannot be computed
   * @param lowerIsBetter whether a smaller value is the better one (times, latencies)
   * @param regression whether B is worse than A by more than the threshold
   */
  public record Change(
      String test,
      String metric,
      Double a,
      Double b,
      Double changePercent,
      boolean lowerIsBetter,
      boolean regression) {}

  /**
   * A test's outcome on both sides.
   *
   * @param test the test
   * @param a its runs on side A by status
   * @param b its runs on side B by status
   * @param regression whether it passed on every run of A and failed on some run of B
   */
  public record Outcome(String test, Cell a, Cell b, boolean regression) {}

  /**
   * Two sides compared.
   *
   * @param a what side A is (job 12, kernel 6.1.0)
   * @param b what side B is
   * @param thresholdPercent the change that counts as a regression
   * @param outcomes each test's outcomes
   * @param changes each metric's change
   */
  public record Comparison(
      String a, String b, double thresholdPercent, List<Outcome> outcomes, List<Change> changes) {
    /** How many metrics and tests got worse. */
    public long regressions() {
      return changes.stream().filter(Change::regression).count()
          + outcomes.stream().filter(Outcome::regression).count();
    }
  }

  /** The change, in percent, that counts as a regression unless asked otherwise. */
  public static final double DEFAULT_THRESHOLD = 5.0;

  /**
   * The two sides of a comparison a request names: {@code a_job} and {@code b_job}, or {@code
   * a_kernel} and {@code b_kernel}, each with the request's other filters.
   *
   * @param a side A
   * @param b side B
   */
  public record Sides(Filter a, Filter b) {
    /**
     * The sides read through {@code param}.
     *
     * @throws IllegalArgumentException when a side names neither a job nor a kernel
     */
    public static Sides of(java.util.function.UnaryOperator<String> param) {
      Filter common = Filter.of(param, "");
      Filter a = common.side(Filter.of(param, "a_"));
      Filter b = common.side(Filter.of(param, "b_"));
      if (a.job() == null && a.kernel() == null || b.job() == null && b.kernel() == null) {
        throw new IllegalArgumentException(
            "say what to compare: a_job and b_job (two jobs) or a_kernel and b_kernel (two"
                + " kernels)");
      }
      return new Sides(a, b);
    }
  }

  /**
   * The regression threshold a request names, in percent.
   *
   * @param text the request's value, or null for {@link #DEFAULT_THRESHOLD}
   * @throws IllegalArgumentException when it is not a percentage from 0 to 1000
   */
  public static double threshold(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_THRESHOLD;
    }
    try {
      double t = Double.parseDouble(text.strip());
      if (t >= 0 && t <= 1000) {
        return t;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "threshold must be a percentage from 0 to 1000, was " + hangar.lab.Names.quote(text));
  }

  private static final Pattern LOWER_IS_BETTER =
      Pattern.compile(
          "(latency|elapsed|duration|seconds|_time|time_|_secs?$|_ms$|_us$|_ns$|wait|overhead)",
          Pattern.CASE_INSENSITIVE);

  /**
   * Whether a smaller value of the metric is the better one: times, latencies and waits are, by
   * their names; everything else (throughput, operations per second, scores) is better larger.
   */
  public static boolean lowerIsBetter(String metric) {
    return LOWER_IS_BETTER.matcher(metric).find();
  }

  /** The change of one metric from its mean on side A to its mean on side B. */
  public static Change change(String test, String metric, Double a, Double b, double threshold) {
    boolean lower = lowerIsBetter(metric);
    Double percent = a == null || b == null || a == 0 ? null : (b - a) / Math.abs(a) * 100;
    boolean regression = percent != null && (lower ? percent > threshold : percent < -threshold);
    return new Change(test, metric, a, b, percent, lower, regression);
  }
}
