package hangar.testlib;

import hangar.host.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code stress-ng}: loads the host with {@code workers} (default one per CPU) of one {@code
 * stressor} (default {@code cpu}) for {@code seconds} (default 10), extra {@code args} as given.
 * Records, from {@code --metrics-brief}, each stressor's bogo operations, and its bogo operations
 * per second of wall time and of CPU time: {@code cpu_bogo_ops{perf}}, {@code
 * cpu_bogo_ops_per_s{perf}}, {@code cpu_bogo_ops_per_cpu_s{perf}}. A stressor that fails makes
 * stress-ng exit non-zero: FAIL.
 */
final class StressNgTest implements ClientTest {
  static final String NAME = "stress-ng";
  private static final Pattern STRESSOR = Pattern.compile("[a-z0-9][a-z0-9-]*");
  // stress-ng: metrc: [5910] cpu   2980   2.00   1.99   0.00   1489.74   1491.95
  // (older versions say "info:" where newer ones say "metrc:")
  private static final Pattern METRIC =
      Pattern.compile(
          "stress-ng: \\w+:\\s+\\[\\d+]\\s+([a-z0-9-]+)\\s+(\\d+)\\s+([0-9.]+)\\s+([0-9.]+)"
              + "\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)");

  private final String stressor;
  private final Integer workers;
  private final int seconds;
  private final List<String> extra;
  private String output;

  private StressNgTest(TestArguments arguments) {
    arguments.checkOnly(List.of("stressor", "workers", "seconds", "args"), 0);
    stressor = arguments.findText("stressor", -1).orElse("cpu");
    if (!STRESSOR.matcher(stressor).matches()) {
      throw new TestErrorException(
          "stress-ng stressor must be a stressor name such as cpu, vm or hdd, was '"
              + stressor
              + "'");
    }
    workers = arguments.findInt("workers", -1, 0, 100_000).orElse(null);
    seconds = arguments.findInt("seconds", -1, 1, 7 * 24 * 3600).orElse(10);
    extra = arguments.words("args", -1);
  }

  static StressNgTest of(TestArguments arguments) {
    return new StressNgTest(arguments);
  }

  @Override
  public void setup(TestContext context) throws InterruptedException {
    context.requireCommand("stress-ng", "stress-ng");
  }

  @Override
  public void run(TestContext context) throws InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.addAll(
        List.of(
            "stress-ng",
            "--" + stressor,
            Integer.toString(workers == null ? 0 : workers),
            "--timeout",
            seconds + "s",
            "--metrics-brief"));
    argv.addAll(extra);
    String command =
        "cd " + Shell.quote(context.scratchDir()) + " && " + Shell.join(argv) + " 2>&1";
    output =
        context
            .runTool(NAME, command, "stress-ng.out", Duration.ofSeconds(seconds + 600L))
            .stdout();
  }

  @Override
  public void postprocess(TestContext context) {
    context.writeKeyvals(keyvals(output));
  }

  /** The keyvals of stress-ng's metrics lines; see the class comment for their names. */
  static Map<String, Object> keyvals(String output) {
    Map<String, Object> values = new LinkedHashMap<>();
    Matcher matcher = METRIC.matcher(output);
    while (matcher.find()) {
      String name = matcher.group(1).replace('-', '_');
      values.put(name + "_bogo_ops{perf}", Long.parseLong(matcher.group(2)));
      values.put(name + "_bogo_ops_per_s{perf}", matcher.group(6));
      values.put(name + "_bogo_ops_per_cpu_s{perf}", matcher.group(7));
    }
    if (values.isEmpty()) {
      throw new TestErrorException("stress-ng printed no metrics line (--metrics-brief)");
    }
    return values;
  }
}
