package hangar.testlib;

import hangar.host.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bonnie}: bonnie++ in {@code dir} (default a scratch folder) with a test file of {@code
 * size_mb} (default bonnie++'s own: twice the RAM), {@code ram_mb} to say how much RAM to assume,
 * {@code files} thousand small files (default 16), {@code fast: true} to skip the per-character
 * tests, and extra {@code args}. Reads the CSV line of {@code -q} (format 1.98) into keyvals:
 * throughput in KiB/s ({@code seqout_block_kib_per_s{perf}}...), operations per second ({@code
 * random_seeks_per_s}, {@code seqcreate_create_per_s}...), CPU use in % ({@code _cpu_pct}) and
 * latencies in µs ({@code _latency_us}). A column bonnie++ left as {@code +++++} (too fast to
 * measure) or empty (not run) is left out.
 */
final class BonnieTest implements ClientTest {
  static final String NAME = "bonnie";
  private static final String CSV_FORMAT = "1.98";
  private static final List<String> RATES =
      List.of(
          "seqout_perchr",
          "seqout_block",
          "seqout_rewrite",
          "seqin_perchr",
          "seqin_block",
          "random_seeks");
  private static final List<String> FILE_OPS =
      List.of(
          "seqcreate_create",
          "seqcreate_read",
          "seqcreate_delete",
          "randcreate_create",
          "randcreate_read",
          "randcreate_delete");
  private static final Pattern LATENCY = Pattern.compile("([0-9.]+)(ns|us|ms|s)");

  private final String dir;
  private final Integer sizeMb;
  private final Integer ramMb;
  private final int files;
  private final boolean fast;
  private final List<String> extra;
  private String output;

  private BonnieTest(TestArguments arguments) {
    arguments.checkOnly(List.of("dir", "size_mb", "ram_mb", "files", "fast", "args"), 0);
    dir = arguments.findText("dir", -1).orElse(null);
    sizeMb = arguments.findInt("size_mb", -1, 1, Integer.MAX_VALUE).orElse(null);
    ramMb = arguments.findInt("ram_mb", -1, 0, Integer.MAX_VALUE).orElse(null);
    files = arguments.findInt("files", -1, 0, 100_000).orElse(16);
    fast = arguments.findBoolean("fast", -1).orElse(false);
    extra = arguments.words("args", -1);
  }

  static BonnieTest of(TestArguments arguments) {
    return new BonnieTest(arguments);
  }

  @Override
  public void setup(TestContext context) throws InterruptedException {
    context.requireCommand("bonnie++", "bonnie++");
  }

  @Override
  public void run(TestContext context) throws InterruptedException {
    List<String> argv = new ArrayList<>(List.of("bonnie++", "-q"));
    argv.addAll(List.of("-d", dir == null ? context.scratchDir() : dir));
    if (sizeMb != null) {
      argv.addAll(List.of("-s", Integer.toString(sizeMb)));
    }
    if (ramMb != null) {
      argv.addAll(List.of("-r", Integer.toString(ramMb)));
    }
    argv.addAll(List.of("-n", Integer.toString(files)));
    if (fast) {
      argv.add("-f");
    }
    argv.addAll(extra);
    // bonnie++ refuses to run as root unless told which user to run as.
    String command =
        "if [ \"$(id -u)\" = 0 ]; then set -- -u root; fi; " + Shell.join(argv) + " \"$@\"";
    output = context.runTool(NAME, command, "bonnie.csv", Duration.ofDays(1)).stdout();
  }

  @Override
  public void postprocess(TestContext context) {
    context.writeKeyvals(keyvals(output));
  }

  /** The keyvals of bonnie++'s CSV line; see the class comment for their names. */
  static Map<String, Object> keyvals(String output) {
    String[] fields =
        output
            .lines()
            .filter(line -> line.startsWith(CSV_FORMAT + ","))
            .reduce((first, second) -> second)
            .orElseThrow(
                () ->
                    new TestErrorException(
                        "bonnie++ printed no CSV line of format " + CSV_FORMAT + " (-q)"))
            .split(",", -1);
    if (fields.length < 38) {
      throw new TestErrorException(
          "bonnie++'s CSV line has " + fields.length + " fields; expected at least 38");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("bonnie_version{attr}", fields[1]);
    putIfMeasured(values, "file_size{attr}", fields[5]);
    for (int i = 0; i < RATES.size(); i++) {
      String unit = RATES.get(i).equals("random_seeks") ? "_per_s" : "_kib_per_s";
      putIfMeasured(values, RATES.get(i) + unit + "{perf}", fields[9 + 2 * i]);
      putIfMeasured(values, RATES.get(i) + "_cpu_pct{perf}", fields[10 + 2 * i]);
    }
    putIfMeasured(values, "files{attr}", fields[21]);
    for (int i = 0; i < FILE_OPS.size(); i++) {
      putIfMeasured(values, FILE_OPS.get(i) + "_per_s{perf}", fields[26 + 2 * i]);
      putIfMeasured(values, FILE_OPS.get(i) + "_cpu_pct{perf}", fields[27 + 2 * i]);
    }
    List<String> latencies = new ArrayList<>(RATES);
    latencies.addAll(FILE_OPS);
    for (int i = 0; i < latencies.size() && 38 + i < fields.length; i++) {
      Matcher latency = LATENCY.matcher(fields[38 + i].strip());
      if (latency.matches()) {
        values.put(latencies.get(i) + "_latency_us{perf}", microseconds(latency));
      }
    }
    return values;
  }

  private static void putIfMeasured(Map<String, Object> values, String key, String field) {
    String value = field.strip();
    if (!value.isEmpty() && !value.startsWith("+")) {
      values.put(key, value);
    }
  }

  private static String microseconds(Matcher latency) {
    double amount = Double.parseDouble(latency.group(1));
    double factor =
        switch (latency.group(2)) {
          case "ns" -> 0.001;
          case "us" -> 1;
          case "ms" -> 1000;
          default -> 1_000_000;
        };
    return String.format(Locale.ROOT, "%.3f", amount * factor);
  }
}
