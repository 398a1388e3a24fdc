package hangar.host;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This machine as a test host ({@code localhost}: no SSH). Commands run as child processes of the
 * JVM under {@code /bin/sh -c}, with standard input closed and output appended to files by the
 * operating system, so output lands on disk as it is produced. Each command leads a process group
 * of its own that ends with it, on a timeout or an abort, and when this JVM dies ({@link
 * ProcessGroups}).
 */
public final class LocalHost implements TestHost {
  /** The name that means "this machine, without SSH". */
  public static final String HOSTNAME = "localhost";

  private static final Logger LOG = LoggerFactory.getLogger(LocalHost.class);

  private final Clock clock;
  private final Set<Process> running = ConcurrentHashMap.newKeySet();

  private LocalHost(Clock clock) {
    this.clock = clock;
  }

  /**
   * Creates the local host.
   *
   * @param clock measures how long commands ran
   */
  public static LocalHost create(Clock clock) {
    return new LocalHost(clock);
  }

  @Override
  public String hostname() {
    return HOSTNAME;
  }

  @Override
  public void send(Path local, String remote) {
    Trees.copy(HOSTNAME, local, Path.of(remote));
  }

  @Override
  public void fetch(String remote, Path local) {
    Trees.copy(HOSTNAME, Path.of(remote), local);
  }

  @Override
  public CommandResult run(String command, Path stdout, Path stderr, Duration timeout)
      throws InterruptedException {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    Instant started = clock.instant();
    Process process = start(command, stdout, stderr);
    running.add(process);
    try {
      boolean exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (!exited) {
        LOG.info(
            "host={} pid={} timed out after {}: {}", HOSTNAME, process.pid(), timeout, command);
        ProcessTrees.kill(process.toHandle(), ProcessTrees.KILL_GRACE);
      }
      return new CommandResult(
          exited ? process.exitValue() : -1, !exited, Duration.between(started, clock.instant()));
    } catch (InterruptedException e) {
      LOG.info("host={} pid={} interrupted; killing its process tree", HOSTNAME, process.pid());
      ProcessTrees.kill(process.toHandle(), ProcessTrees.KILL_GRACE);
      throw e;
    } finally {
      running.remove(process);
    }
  }

  @Override
  public void close() {
    for (Process process : List.copyOf(running)) {
      LOG.info("host={} pid={} still running at close; killing it", HOSTNAME, process.pid());
      ProcessTrees.kill(process.toHandle(), ProcessTrees.KILL_GRACE);
      running.remove(process);
    }
  }

  private static Process start(String command, Path stdout, Path stderr) {
    ProcessBuilder builder =
        new ProcessBuilder(ProcessGroups.commandLine(command))
            .redirectInput(
                ProcessGroups.isAvailable()
                    ? ProcessBuilder.Redirect.PIPE
                    : ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
    try {
      Process process = builder.start();
      LOG.debug("host={} pid={} started: {}", HOSTNAME, process.pid(), command);
      return process;
    } catch (IOException e) {
      throw new HostCommandException(
          HOSTNAME, "cannot start /bin/sh -c '" + command + "': " + e.getMessage(), e);
    }
  }
}
