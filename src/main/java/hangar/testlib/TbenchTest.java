package hangar.testlib;

import hangar.host.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tbench}: dbench's network half. Starts {@code tbench_srv} on the host, runs {@code
 * clients} (default one per CPU) {@code tbench} clients against it over loopback for {@code
 * seconds} (default 60), and stops the server. Records throughput in MB/s and the worst latency.
 */
final class TbenchTest implements ClientTest {
  static final String NAME = "tbench";
  private static final int DEFAULT_SECONDS = 60;

  private final int seconds;
  private final Integer clients;
  private final List<String> extra;
  private String output;

  private TbenchTest(TestArguments arguments) {
    arguments.checkOnly(List.of("seconds", "clients", "args"), 2);
    seconds = arguments.findInt("seconds", 0, 1, 7 * 24 * 3600).orElse(DEFAULT_SECONDS);
    clients = arguments.findInt("clients", 1, 1, 10_000).orElse(null);
    extra = arguments.words("args", -1);
  }

  static TbenchTest of(TestArguments arguments) {
    return new TbenchTest(arguments);
  }

  @Override
  public void setup(TestContext context) throws InterruptedException {
    context.requireCommand("tbench", "dbench");
    context.requireCommand("tbench_srv", "dbench");
  }

  @Override
  public void run(TestContext context) throws InterruptedException {
    List<String> argv = new ArrayList<>(List.of("tbench", "-t", Integer.toString(seconds)));
    argv.addAll(extra);
    argv.add(Integer.toString(clients == null ? context.cpuCount() : clients));
    argv.add("127.0.0.1");
    // The server lives exactly as long as the client: the trap stops it however the client ends.
    String command =
        "tbench_srv >/dev/null 2>&1 & srv=$!; trap 'kill $srv 2>/dev/null' EXIT; sleep 1; "
            + Shell.join(argv);
    output =
        context.runTool(NAME, command, "tbench.out", Duration.ofSeconds(seconds + 600L)).stdout();
  }

  @Override
  public void postprocess(TestContext context) {
    context.writeKeyvals(DbenchOutput.parse(NAME, output).keyvals());
  }
}
