package hangar.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A machine under test that autoserv runs commands on. Implementations differ in how they reach the
 * machine; {@link LocalHost} is this machine, reached without SSH.
 */
public sealed interface TestHost extends AutoCloseable permits LocalHost, SshHost {
  /** The timeout to pass when a command may run as long as it likes. */
  Duration NO_TIMEOUT = Duration.ofDays(365);

  /** The host's name as the lab knows it, for example {@code localhost}. */
  String hostname();

  /**
   * Runs {@code /bin/sh -c command} on the host and waits for it, streaming its standard output and
   * error into the two files while it runs (appending to them).
   *
   * <p>If the command outlives {@code timeout}, or the calling thread is interrupted, the command
   * and every process it started are killed before this method returns.
   *
   * @param command the shell command line
   * @param stdout where its standard output goes
   * @param stderr where its standard error goes
   * @param timeout how long it may run; {@link #NO_TIMEOUT} for no limit
   * @return how it ended
   * @throws InterruptedException if the calling thread was interrupted; the command is dead by then
   * @throws HostCommandException if the command could not be started
   */
  CommandResult run(String command, Path stdout, Path stderr, Duration timeout)
      throws InterruptedException;

  /**
   * Runs a program with these arguments, each reaching it as one word whatever it holds (quotes,
   * spaces, {@code $}, {@code ;}): no shell interprets them. Otherwise as {@link #run(String, Path,
   * Path, Duration)}.
   *
   * @param argv the program and its arguments
   */
  default CommandResult run(List<String> argv, Path stdout, Path stderr, Duration timeout)
      throws InterruptedException {
    return run(Shell.join(argv), stdout, stderr, timeout);
  }

  /**
   * Copies a file or a folder with everything in it from this machine to {@code remote} on the
   * host, replacing files there of the same names; the parent of {@code remote} must exist.
   *
   * @throws HostCommandException if the copy fails
   */
  void send(Path local, String remote);

  /**
   * Copies a file or a folder with everything in it from {@code remote} on the host to {@code
   * local} on this machine, replacing files of the same names.
   *
   * @throws HostCommandException if the copy fails
   */
  void fetch(String remote, Path local);

  /** Kills whatever commands of this host are still running. */
  @Override
  void close();
}
