package hangar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code hangar ARGS...} as a real child JVM on this test's classpath, for tests that kill
 * processes. Its output is appended to a log file the test names.
 */
public final class HangarProcess implements AutoCloseable {
  private final Process process;

  private HangarProcess(Process process) {
    this.process = process;
  }

  /** Starts {@code hangar args...}, appending its output to {@code log}. */
  public static HangarProcess start(Path log, String... args) {
    List<String> command = new ArrayList<>();
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
              .start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** Its process id. */
  public long pid() {
    return process.pid();
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
