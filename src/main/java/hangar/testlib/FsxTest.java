package hangar.testlib;

import hangar.host.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code fsx}: the file-system exerciser, {@code operations} (default 10000) random reads, writes,
 * truncations and mappings on one file in {@code dir} (default a scratch folder), checking every
 * byte it reads back; extra {@code args} as given. Runs {@code fsx} or, failing that, LTP's {@code
 * fsx-linux}. fsx exits non-zero and dumps its operation log when the data goes wrong: FAIL.
 * Records the operations done and the run time.
 */
final class FsxTest implements ClientTest {
  static final String NAME = "fsx";
  private static final Pattern DONE = Pattern.compile("All (\\d+) operations completed A-OK!");

  private final int operations;
  private final String dir;
  private final List<String> extra;
  private String program;
  private TestContext.ToolOutput output;

  private FsxTest(TestArguments arguments) {
    arguments.checkOnly(List.of("operations", "dir", "args"), 1);
    operations = arguments.findInt("operations", 0, 1, Integer.MAX_VALUE).orElse(10_000);
    dir = arguments.findText("dir", -1).orElse(null);
    extra = arguments.words("args", -1);
  }

  static FsxTest of(TestArguments arguments) {
    return new FsxTest(arguments);
  }

  @Override
  public void setup(TestContext context) throws InterruptedException {
    TestContext.ToolOutput found =
        context.runCapturing(
            "command -v fsx || command -v fsx-linux", "fsx-path", Duration.ofMinutes(1));
    if (!found.result().isSuccess()) {
      // No distribution packages fsx on its own: it comes with xfstests (ltp/fsx.c) or LTP.
      throw new TestNotApplicableException(
          "neither fsx nor fsx-linux is installed on "
              + context.hostname()
              + "; build fsx from xfstests (ltp/fsx.c) or LTP and put it on the PATH");
    }
    program = found.lines().get(0).strip();
  }

  @Override
  public void run(TestContext context) throws InterruptedException {
    List<String> argv = new ArrayList<>(List.of(program, "-N", Integer.toString(operations)));
    argv.addAll(extra);
    argv.add("fsx.testfile");
    String workDir = dir == null ? context.scratchDir() : dir;
    String command = "cd " + Shell.quote(workDir) + " && " + Shell.join(argv) + " 2>&1";
    output = context.runTool(NAME, command, "fsx.out", Duration.ofDays(1));
  }

  @Override
  public void postprocess(TestContext context) {
    Matcher done = DONE.matcher(output.stdout());
    if (!done.find()) {
      throw new TestFailException("fsx did not report 'All N operations completed A-OK!'");
    }
    context.writeKeyval("operations{perf}", Long.parseLong(done.group(1)));
    context.writeKeyval(
        "elapsed_s{perf}",
        String.format(Locale.ROOT, "%.3f", output.result().elapsed().toNanos() / 1e9));
  }
}
