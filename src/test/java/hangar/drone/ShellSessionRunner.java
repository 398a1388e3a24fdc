package hangar.drone;

import hangar.autoserv.SessionOutcome;
import hangar.autoserv.SessionSpec;
import hangar.autoserv.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * A real session runner for drone tests: runs the spec's control file text with {@code sh -c} in
 * its results folder, as a real process. Exit 0 is GOOD, another status FAIL; an interrupt kills
 * the process and its children and gives ABORT. Public with a no-argument constructor because the
 * drone daemon child JVM makes it by name ({@code hangar drone --runner}).
 */
public final class ShellSessionRunner implements SessionRunner {
  /** Made by name in the daemon JVM. */
  public ShellSessionRunner() {}

  @Override
  public SessionOutcome run(SessionSpec spec) {
    Process process;
    try {
      Files.createDirectories(spec.resultsDir());
      // What autoserv would connect to, for tests of how the scheduler names hosts.
      Files.writeString(
          spec.resultsDir().resolve("session-hosts"), String.join("\n", spec.hosts()));
      process =
          new ProcessBuilder("sh", "-c", spec.controlFile())
              .directory(spec.resultsDir().toFile())
              .redirectErrorStream(true)
              .redirectOutput(spec.resultsDir().resolve("output.txt").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      int status = process.waitFor();
      return status == 0
          ? new SessionOutcome(Verdict.GOOD, "")
          : new SessionOutcome(Verdict.FAIL, "exit status " + status);
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException again) {
        Thread.currentThread().interrupt();
      }
      return new SessionOutcome(Verdict.ABORT, "aborted");
    }
  }
}
