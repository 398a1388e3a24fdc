package hangar.testlib;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The summary line dbench and tbench end with: {@code Throughput 805.354 MB/sec 2 clients 2 procs
 * max_latency=5.653 ms}.
 *
 * @param throughputMbPerSecond the throughput in MB/s
 * @param clients how many clients ran
 * @param maxLatencyMs the worst latency of any operation, in ms
 */
record DbenchOutput(double throughputMbPerSecond, int clients, double maxLatencyMs) {
  private static final Pattern SUMMARY =
      Pattern.compile(
          "Throughput\\s+([0-9.]+)\\s+MB/sec\\s+(\\d+)\\s+clients\\s+\\d+\\s+procs"
              + "\\s+max_latency=([0-9.]+)\\s+ms");

  /**
   * Finds the last summary line in the output.
   *
   * @param tool dbench or tbench, for the message
   * @throws TestErrorException when there is none
   */
  static DbenchOutput parse(String tool, String output) {
    Matcher matcher = SUMMARY.matcher(output);
    DbenchOutput found = null;
    while (matcher.find()) {
      found =
          new DbenchOutput(
              Double.parseDouble(matcher.group(1)),
              Integer.parseInt(matcher.group(2)),
              Double.parseDouble(matcher.group(3)));
    }
    if (found == null) {
      throw new TestErrorException(
          tool + " printed no 'Throughput ... MB/sec ... max_latency=... ms' line");
    }
    return found;
  }

  /** The keyvals: {@code throughput_mb_per_s{perf}}, {@code max_latency_ms{perf}}, clients. */
  Map<String, Object> keyvals() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("throughput_mb_per_s{perf}", throughputMbPerSecond);
    values.put("max_latency_ms{perf}", maxLatencyMs);
    values.put("clients{attr}", clients);
    return values;
  }
}
