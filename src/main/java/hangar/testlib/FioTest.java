package hangar.testlib;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import hangar.host.Shell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code fio}: the flexible I/O tester. Either runs a job file given as text ({@code jobfile:
 * '''[job]...'''}) or one job built from {@code rw} (default randrw), {@code bs} (4k), {@code size}
 * (64m), {@code seconds} (10), {@code iodepth} (1), {@code numjobs} (1) and {@code ioengine} (fio's
 * default), in {@code dir} (default a scratch folder); extra {@code args} go to fio as they are.
 *
 * <p>Reads fio's JSON output and records, for each job and each direction that moved data, the
 * bandwidth in KiB/s, the IOPS, and the completion latency (mean and 99th percentile) in µs: {@code
 * <job>.read_bw_kib_per_s{perf}}, {@code <job>.read_iops{perf}}, {@code
 * <job>.read_clat_mean_us{perf}}, {@code <job>.read_clat_p99_us{perf}}.
 */
final class FioTest implements ClientTest {
  static final String NAME = "fio";
  private static final JsonMapper JSON = new JsonMapper();
  private static final List<String> DIRECTIONS = List.of("read", "write", "trim");

  private final String jobfile;
  private final Map<String, String> options = new LinkedHashMap<>();
  private final int seconds;
  private final String dir;
  private final List<String> extra;
  private String output;

  private FioTest(TestArguments arguments) {
    arguments.checkOnly(
        List.of(
            "jobfile",
            "rw",
            "bs",
            "size",
            "seconds",
            "iodepth",
            "numjobs",
            "ioengine",
            "dir",
            "args"),
        0);
    jobfile = arguments.findText("jobfile", -1).orElse(null);
    seconds = arguments.findInt("seconds", -1, 1, 7 * 24 * 3600).orElse(10);
    options.put("rw", option(arguments, "rw", "randrw"));
    options.put("bs", option(arguments, "bs", "4k"));
    options.put("size", option(arguments, "size", "64m"));
    options.put("iodepth", Integer.toString(arguments.findInt("iodepth", -1, 1, 65_536).orElse(1)));
    options.put("numjobs", Integer.toString(arguments.findInt("numjobs", -1, 1, 4096).orElse(1)));
    arguments.findText("ioengine", -1).ifPresent(engine -> options.put("ioengine", engine));
    if (jobfile != null
        && arguments.named().keySet().stream()
            .anyMatch(k -> options.containsKey(k) || k.equals("seconds"))) {
      throw new TestErrorException(
          "fio takes either a jobfile or rw/bs/size/seconds/iodepth/numjobs/ioengine, not both");
    }
    dir = arguments.findText("dir", -1).orElse(null);
    extra = arguments.words("args", -1);
  }

  private static String option(TestArguments arguments, String name, String fallback) {
    return arguments.findText(name, -1).orElse(fallback);
  }

  static FioTest of(TestArguments arguments) {
    return new FioTest(arguments);
  }

  @Override
  public void setup(TestContext context) throws InterruptedException {
    context.requireCommand("fio", "fio");
  }

  @Override
  public void run(TestContext context) throws InterruptedException {
    String workDir = dir == null ? context.scratchDir() : dir;
    List<String> argv = new ArrayList<>(List.of("fio", "--output-format=json"));
    Duration timeout = Duration.ofSeconds(seconds + 600L);
    if (jobfile != null) {
      Path local = context.debugDir().resolve("fio.job");
      try {
        Files.writeString(local, jobfile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + local, e);
      }
      String remote = context.scratchDir() + "/fio.job";
      context.send(local, remote);
      argv.addAll(extra);
      argv.add(remote);
      timeout = Duration.ofDays(1);
    } else {
      argv.add("--name=fio");
      options.forEach((key, value) -> argv.add("--" + key + "=" + value));
      argv.addAll(List.of("--runtime=" + seconds, "--time_based"));
      argv.addAll(extra);
    }
    // Relative file names in a job file land in the work folder too.
    String command = "cd " + Shell.quote(workDir) + " && " + Shell.join(argv);
    output = context.runTool(NAME, command, "fio.json", timeout).stdout();
  }

  @Override
  public void postprocess(TestContext context) {
    context.writeKeyvals(keyvals(output));
  }

  /** The keyvals of fio's JSON output; see the class comment for their names. */
  static Map<String, Object> keyvals(String output) {
    int start = output.indexOf('{');
    if (start < 0) {
      throw new TestErrorException("fio printed no JSON report");
    }
    JsonNode report;
    try {
      report = JSON.readTree(output.substring(start));
    } catch (JsonProcessingException e) {
      throw new TestErrorException(
          "fio's JSON report does not parse: " + e.getOriginalMessage(), e);
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("fio_version{attr}", report.path("fio version").asText("unknown"));
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (JsonNode job : report.path("jobs")) {
      String name = keyPart(job.path("jobname").asText("job"));
      int count = seen.merge(name, 1, Integer::sum);
      String prefix = count == 1 ? name : name + "-" + count;
      if (job.path("error").asInt(0) != 0) {
        throw new TestFailException(
            "fio job " + prefix + " reported error " + job.path("error").asInt());
      }
      for (String direction : DIRECTIONS) {
        JsonNode io = job.path(direction);
        if (io.path("io_bytes").asLong(0) == 0) {
          continue;
        }
        String key = prefix + "." + direction;
        values.put(key + "_bw_kib_per_s{perf}", io.path("bw").asLong());
        values.put(key + "_iops{perf}", format(io.path("iops").asDouble()));
        JsonNode clat = io.path("clat_ns");
        values.put(key + "_clat_mean_us{perf}", format(clat.path("mean").asDouble() / 1000));
        JsonNode p99 = clat.path("percentile").path("99.000000");
        if (p99.isNumber()) {
          values.put(key + "_clat_p99_us{perf}", format(p99.asDouble() / 1000));
        }
      }
    }
    if (seen.isEmpty()) {
      throw new TestErrorException("fio's JSON report has no jobs");
    }
    return values;
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  /** A job name as a keyval key part: word characters, dots and dashes only. */
  private static String keyPart(String name) {
    String cleaned = name.replaceAll("[^-.\\w]", "_");
    return cleaned.isEmpty() ? "job" : cleaned;
  }
}
