package hangar.testlib;

import hangar.host.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dbench}: the file-system load of a Samba server's clients, run for {@code seconds}
 * (default 60) by {@code clients} processes (default one per CPU) in {@code dir} (default a scratch
 * folder), with an optional {@code loadfile} and extra {@code args}. Records throughput in MB/s and
 * the worst latency in ms.
 */
final class DbenchTest implements ClientTest {
  static final String NAME = "dbench";
  private static final int DEFAULT_SECONDS = 60;

  private final int seconds;
  private final Integer clients;
  private final String dir;
  private final String loadfile;
  private final List<String> extra;
  private String output;

  private DbenchTest(TestArguments arguments) {
    arguments.checkOnly(List.of("seconds", "clients", "dir", "loadfile", "args"), 2);
    seconds = arguments.findInt("seconds", 0, 1, 7 * 24 * 3600).orElse(DEFAULT_SECONDS);
    clients = arguments.findInt("clients", 1, 1, 10_000).orElse(null);
    dir = arguments.findText("dir", -1).orElse(null);
    loadfile = arguments.findText("loadfile", -1).orElse(null);
    extra = arguments.words("args", -1);
  }

  static DbenchTest of(TestArguments arguments) {
    return new DbenchTest(arguments);
  }

  @Override
  public void setup(TestContext context) throws InterruptedException {
    context.requireCommand("dbench", "dbench");
  }

  @Override
  public void run(TestContext context) throws InterruptedException {
    List<String> argv = new ArrayList<>(List.of("dbench", "-t", Integer.toString(seconds)));
    argv.addAll(List.of("-D", dir == null ? context.scratchDir() : dir));
    if (loadfile != null) {
      argv.addAll(List.of("-c", loadfile));
    }
    argv.addAll(extra);
    argv.add(Integer.toString(clients == null ? context.cpuCount() : clients));
    output =
        context
            .runTool(NAME, Shell.join(argv), "dbench.out", Duration.ofSeconds(seconds + 600L))
            .stdout();
  }

  @Override
  public void postprocess(TestContext context) {
    context.writeKeyvals(DbenchOutput.parse(NAME, output).keyvals());
  }
}
