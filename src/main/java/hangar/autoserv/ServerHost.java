package hangar.autoserv;

import hangar.host.CommandResult;
import hangar.host.HostAddress;
import hangar.host.HostCommandException;
import hangar.host.TestHost;
import hangar.testlib.Peer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A machine of a server-side session, connected by the control file's {@code hosts.create(name)}:
 * the drone's side of its {@code h.run('uname -r')}, and the peer passed to tests ({@code
 * job.run_test('iperf3', server: h)}). The control file holds only the machine's name.
 */
public final class ServerHost implements Peer {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

  private final String machine;
  private final TestHost host;
  private final Path debugDir;
  private final AtomicInteger commands = new AtomicInteger();

  ServerHost(String machine, TestHost host, Path debugDir) {
    this.machine = machine;
    this.host = host;
    this.debugDir = debugDir;
  }

  /** The machine as the job names it: {@code [user@]host[:port]}. */
  public String getMachine() {
    return machine;
  }

  /** The host's name, without user and port. */
  public String getHostname() {
    return host.hostname();
  }

  @Override
  public String address() {
    return HostAddress.parse(machine, "root").host();
  }

  @Override
  public TestHost host() {
    return host;
  }

  /**
   * Runs a shell command on the host and returns its output; a non-zero exit status is an error
   * unless {@code ignore_status: true}. Output is kept in {@code debug/<host>.run.N.stdout}.
   */
  public CommandOutput run(String command) throws InterruptedException {
    return run(Map.of(), command);
  }

  /** {@code h.run(command, timeout: 60, ignore_status: true)}. */
  public CommandOutput run(Map<String, Object> options, String command)
      throws InterruptedException {
    for (String key : options.keySet()) {
      if (!key.equals("timeout") && !key.equals("ignore_status")) {
        throw new IllegalArgumentException(
            "host.run has no option '" + key + "'; it takes timeout and ignore_status");
      }
    }
    Object timeout = options.get("timeout");
    if (timeout != null && !(timeout instanceof Number n && n.doubleValue() > 0)) {
      throw new IllegalArgumentException("host.run timeout must be seconds, was " + timeout);
    }
    Duration limit =
        timeout == null
            ? DEFAULT_TIMEOUT
            : Duration.ofMillis(Math.round(((Number) timeout).doubleValue() * 1000));
    int number = commands.incrementAndGet();
    String base = host.hostname().replaceAll("[^A-Za-z0-9_.-]", "_") + ".run." + number;
    Path stdout = debugDir.resolve(base + ".stdout");
    Path stderr = debugDir.resolve(base + ".stderr");
    CommandResult result = host.run(command, stdout, stderr, limit);
    CommandOutput output = new CommandOutput(read(stdout), read(stderr), result.exitStatus());
    if (result.timedOut()) {
      throw new HostCommandException(
          host.hostname(), "'" + command + "' timed out after " + limit.toSeconds() + " s", null);
    }
    if (result.exitStatus() != 0 && !Boolean.TRUE.equals(options.get("ignore_status"))) {
      throw new HostCommandException(
          host.hostname(),
          "'"
              + command
              + "' exited with status "
              + result.exitStatus()
              + ": "
              + output.stderr().strip(),
          null);
    }
    return output;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public String toString() {
    return machine;
  }

  /**
   * What {@link #run} gives back, with Autotest's field names.
   *
   * @param stdout the standard output
   * @param stderr the standard error
   * @param exit_status the exit status
   */
  @SuppressWarnings("MemberName") // Autotest's name, as control files read it.
  public record CommandOutput(String stdout, String stderr, int exit_status) {}
}
