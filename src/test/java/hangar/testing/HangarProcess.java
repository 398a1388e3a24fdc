package hangar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code hangar ARGS...} as a real child JVM on this test's classpath, for tests that kill
 * processes. Its output is appended to a log file the test names.
 */
public final class HangarProcess implements AutoCloseable {
  // Each check reads the whole log: a few times a second is enough.
  private static final Duration READ_PAUSE = Duration.ofMillis(200);

  private final Process process;
  private final Path log;

  private HangarProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * The arguments of {@code hangar server} on a free port of 127.0.0.1 with this data folder and
   * config, in a list that more options (such as {@code --no-scheduler}) may be added to.
   */
  public static List<String> serverArgs(Path data, Path config) {
    return new ArrayList<>(
        List.of(
            "server",
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
            "--data",
            data.toString(),
            "--config",
            config.toString()));
  }

  /** Starts {@code hangar args...}, appending its output to {@code log}. */
  public static HangarProcess start(Path log, String... args) {
    return launch(List.of(), log, args);
  }

  /**
   * Starts {@code hangar args...} inside the network namespace {@code netns} ({@code ip netns exec
   * NETNS ...}, which execs it, so {@link #pid()} is the JVM's), appending its output to {@code
   * log}. Needs root.
   */
  public static HangarProcess startInNamespace(String netns, Path log, String... args) {
    return launch(List.of("ip", "netns", "exec", netns), log, args);
  }

  /**
   * Starts {@code hangar args...} with the umask {@code umask} (as {@code "000"}) through {@code
   * /bin/sh}, which execs it, so {@link #pid()} is the JVM's; for tests of the modes of the files
   * it creates whatever the umask it inherits.
   */
  public static HangarProcess startWithUmask(String umask, Path log, String... args) {
    if (!umask.matches("[0-7]{3,4}")) {
      throw new IllegalArgumentException("umask must be octal digits, was '" + umask + "'");
    }
    return launch(List.of("/bin/sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"), log, args);
  }

  /**
   * Starts {@code hangar args...} behind {@code prefix}, a command that sets something up and then
   * execs its arguments (as {@code unshare ... sh -c '...; exec "$@"' sh}), so {@link #pid()} is
   * the JVM's; appends its output to {@code log}.
   */
  public static HangarProcess startBehind(List<String> prefix, Path log, String... args) {
    return launch(List.copyOf(prefix), log, args);
  }

  private static HangarProcess launch(List<String> prefix, Path log, String... args) {
    List<String> command = new ArrayList<>(prefix);
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("hangar.Main");
    command.addAll(List.of(args));
    try {
      return new HangarProcess(
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start(),
          log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /**
   * Waits until its output has {@code count} lines matching {@code pattern}, such as the line where
   * a server reports its port.
   *
   * @return the pattern's first group (or the whole match without one) in each matching line
   * @throws AssertionError if the process ends or {@code timeout} passes first
   */
  public List<String> awaitOutput(Pattern pattern, int count, Duration timeout) {
    return Polling.await(
        count + " lines matching '" + pattern + "' in " + log,
        timeout,
        READ_PAUSE,
        () -> {
          List<String> found = output(pattern);
          if (found.size() < count && !process.isAlive()) {
            throw new AssertionError(
                "the process ended with status "
                    + process.exitValue()
                    + " after "
                    + found.size()
                    + " lines matching '"
                    + pattern
                    + "'; see "
                    + log);
          }
          return found.size() >= count ? Optional.of(found) : Optional.empty();
        });
  }

  /** The pattern's first group (or the whole match without one) in each line it matches so far. */
  public List<String> output(Pattern pattern) {
    try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines
          .map(pattern::matcher)
          .filter(Matcher::find)
          .map(m -> m.groupCount() > 0 ? m.group(1) : m.group())
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new AssertionError("cannot read " + log + ": " + e, e);
    }
  }

  /** The file its output goes to. */
  public Path log() {
    return log;
  }

  /** Its process id. */
  public long pid() {
    return process.pid();
  }

  /** True until it exited. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Sends it {@code signal} ({@code STOP}, {@code CONT}, ...) with {@code kill}.
   *
   * @throws IllegalStateException if {@code kill} fails
   */
  public void signal(String signal) {
    if (!signal.matches("[A-Z]+")) {
      throw new IllegalArgumentException("a signal name such as STOP, was '" + signal + "'");
    }
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(pid()))
              .redirectErrorStream(true)
              .start();
      String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid() + " failed: " + said);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill -" + signal, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending " + signal, e);
    }
  }

  /** SIGKILL, as {@code kill -9}: no shutdown hook runs. Waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    waitFor();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill();
      }
    }
  }

  private void waitFor() {
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for pid " + process.pid(), e);
    }
  }
}
