package hangar.host;

import java.nio.file.Path;
import java.time.Clock;

/** Runs one command on {@link LocalHost} in a JVM of its own, for tests that kill that JVM. */
public final class LocalHostCommandMain {
  private LocalHostCommandMain() {}

  /** Arguments: the command, and a folder for its output. */
  public static void main(String[] args) throws InterruptedException {
    Path dir = Path.of(args[1]);
    LocalHost.create(Clock.systemUTC())
        .run(args[0], dir.resolve("cmd.out"), dir.resolve("cmd.err"), TestHost.NO_TIMEOUT);
  }
}
