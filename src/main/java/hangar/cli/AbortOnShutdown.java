package hangar.cli;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work on the calling thread so that stopping the JVM (Ctrl-C, SIGTERM) interrupts it and
 * waits for it to finish, instead of killing it mid-write: an autoserv session then kills its
 * commands and writes its ABORT lines before the JVM exits.
 */
final class AbortOnShutdown {
  /** How long a shutdown waits for the interrupted work to wrap up. */
  static final Duration WAIT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(AbortOnShutdown.class);

  private AbortOnShutdown() {}

  static <T> T run(Supplier<T> work) {
    Thread worker = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              LOG.info("shutting down: aborting the running session");
              worker.interrupt();
              try {
                worker.join(WAIT);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "hangar-run-abort");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return work.get();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down and the hook is running or has run; nothing to undo.
        LOG.debug("shutdown under way; the abort hook stays registered: {}", e.getMessage());
      }
    }
  }
}
