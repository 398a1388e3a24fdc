package hangar.testlib;

import hangar.host.Shell;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kernbench}: times a kernel build. {@code source} is a kernel tree or a tarball of one on
 * the host; the build runs out of tree ({@code make O=...}) in a scratch folder, so the tree is
 * left as it was. {@code config} (default {@code defconfig}) is made first, then the build runs
 * with {@code jobs} (default twice the CPUs) for the {@code target} (default the kernel's default).
 * Records the wall time and the CPU time the build used, in seconds: {@code elapsed_s{perf}},
 * {@code user_s{perf}}, {@code system_s{perf}}. The build log is {@code debug/build.log}.
 */
final class KernbenchTest implements ClientTest {
  static final String NAME = "kernbench";
  private static final Pattern TARBALL = Pattern.compile(".*\\.(tar(\\.\\w+)?|tgz|tbz2|txz)");
  // The shell's `times`: its own user and system time, then its children's.
  private static final Pattern TIMES =
      Pattern.compile(
          "(\\d+)m([0-9.]+)s\\s+(\\d+)m([0-9.]+)s\\s*\\R\\s*(\\d+)m([0-9.]+)s\\s+(\\d+)m([0-9.]+)s");

  private final String source;
  private final Integer jobs;
  private final String config;
  private final List<String> target;
  private TestContext.ToolOutput output;

  private KernbenchTest(TestArguments arguments) {
    arguments.checkOnly(List.of("source", "jobs", "config", "target"), 1);
    source = arguments.requireText("source", 0);
    jobs = arguments.findInt("jobs", -1, 1, 100_000).orElse(null);
    config = arguments.findText("config", -1).orElse("defconfig");
    target = arguments.words("target", -1);
  }

  static KernbenchTest of(TestArguments arguments) {
    return new KernbenchTest(arguments);
  }

  @Override
  public void setup(TestContext context) throws InterruptedException {
    context.requireCommand("make", "make");
    context.requireCommand("gcc", "gcc");
  }

  @Override
  public void run(TestContext context) throws InterruptedException {
    String scratch = context.scratchDir();
    String tree = source;
    if (TARBALL.matcher(source).matches()) {
      tree = scratch + "/src";
      context.runTool(
          "tar",
          "mkdir -p "
              + Shell.quote(tree)
              + " && tar -xf "
              + Shell.quote(source)
              + " -C "
              + Shell.quote(tree)
              + " --strip-components=1",
          "extract.out",
          Duration.ofHours(1));
    }
    String build = scratch + "/build";
    String make = "make -C " + Shell.quote(tree) + " O=" + Shell.quote(build);
    context.runTool(
        "make " + config,
        "mkdir -p " + Shell.quote(build) + " && " + make + " " + Shell.quote(config),
        "config.out",
        Duration.ofHours(1));
    int parallel = jobs == null ? 2 * context.cpuCount() : jobs;
    StringBuilder command = new StringBuilder(make).append(" -j").append(parallel);
    target.forEach(t -> command.append(' ').append(Shell.quote(t)));
    // The build's output goes to its log; stdout keeps only what `times` says about the children.
    String remoteLog = scratch + "/build.log";
    output =
        context.runCapturing(
            command + " >" + Shell.quote(remoteLog) + " 2>&1; s=$?; times; exit $s",
            "times.out",
            Duration.ofDays(1));
    context.fetch(remoteLog, context.debugDir().resolve("build.log"));
    if (output.result().timedOut()) {
      throw new TestErrorException(
          "the kernel build timed out; see " + context.testName() + "/debug/build.log");
    }
    if (output.result().exitStatus() != 0) {
      throw new TestFailException(
          "the kernel build exited with status "
              + output.result().exitStatus()
              + "; see "
              + context.testName()
              + "/debug/build.log");
    }
  }

  @Override
  public void postprocess(TestContext context) {
    Matcher times = TIMES.matcher(output.stdout());
    if (!times.find()) {
      throw new TestErrorException(
          "the shell's times printed nothing readable: " + output.stdout());
    }
    context.writeKeyval(
        "elapsed_s{perf}",
        String.format(Locale.ROOT, "%.3f", output.result().elapsed().toNanos() / 1e9));
    context.writeKeyval("user_s{perf}", seconds(times.group(5), times.group(6)));
    context.writeKeyval("system_s{perf}", seconds(times.group(7), times.group(8)));
    context.writeKeyval("jobs{attr}", jobs == null ? "2x cpus" : jobs.toString());
  }

  private static String seconds(String minutes, String seconds) {
    return String.format(
        Locale.ROOT, "%.3f", Long.parseLong(minutes) * 60 + Double.parseDouble(seconds));
  }
}
