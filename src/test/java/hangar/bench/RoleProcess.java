package hangar.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code bin/hangar ROLE ...} started as users start it (the launcher, its JVM options and its
 * class-data archive), its output in a log file; for benchmarks that time a role from its launch.
 */
final class RoleProcess implements AutoCloseable {
  // bin/hangar builds the distribution first when the sources are newer than it.
  private static final Duration START_UP = Duration.ofMinutes(10);

  private final Process process;
  private final Path log;
  private final long launchedAt;
  private final Instant launchedOn;

  private RoleProcess(Process process, Path log, long launchedAt, Instant launchedOn) {
    this.process = process;
    this.log = log;
    this.launchedAt = launchedAt;
    this.launchedOn = launchedOn;
  }

  /** Launches {@code bin/hangar args...} with {@code environment} added, output to {@code log}. */
  static RoleProcess launch(Path log, Map<String, String> environment, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of("bin/hangar").toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(environment);
    Instant launchedOn = Instant.now();
    long launchedAt = System.nanoTime();
    return new RoleProcess(builder.start(), log, launchedAt, launchedOn);
  }

  /**
   * Waits for the first line of its log that {@code pattern} finds, and answers the match.
   *
   * @throws IllegalStateException when the process ends first or 10 minutes pass
   */
  Matcher await(Pattern pattern) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_UP);
    while (Instant.now().isBefore(deadline)) {
      Matcher m = pattern.matcher(Files.readString(log, UTF_8));
      if (m.find()) {
        return m;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "bin/hangar ended with status "
                + process.exitValue()
                + " before its log said '"
                + pattern
                + "'; the end of "
                + log
                + ":\n"
                + tail());
      }
      Thread.sleep(10); // the log is a file; nothing to wait on but its next read
    }
    throw new IllegalStateException(
        "bin/hangar's log did not say '"
            + pattern
            + "' in "
            + START_UP
            + "; the end of "
            + log
            + ":\n"
            + tail());
  }

  /** The last lines of its log, for an error that outlives the folder the log is in. */
  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log, UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /** Seconds from its launch to now. */
  double secondsSinceLaunch() {
    return (System.nanoTime() - launchedAt) / 1e9;
  }

  /** Seconds from the launch to {@code instant}, a time this machine's clock gave. */
  double secondsFromLaunchTo(Instant instant) {
    return Duration.between(launchedOn, instant).toNanos() / 1e9;
  }

  /** Nanoseconds ({@link System#nanoTime()}) when it was launched. */
  long launchedAt() {
    return launchedAt;
  }

  /** The JVM: bin/hangar execs it, so the process launched is the JVM. */
  long pid() {
    return process.pid();
  }

  /** Its resident memory now, in MB. */
  long residentMb() {
    return ServerProcess.status(pid(), "VmRSS") / 1024;
  }

  /** Stops it as Ctrl-C would, and waits (a minute, then kills it). */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
