package hangar.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, for tests that watch real processes and files. */
public final class Eventually {
  private static final Duration POLL = Duration.ofMillis(20);

  private Eventually() {}

  /**
   * Returns once {@code condition} holds.
   *
   * @param timeout how long to wait at most
   * @param what the condition in words, for the failure message
   * @param condition checked every 20 ms
   * @throws AssertionError if the condition still does not hold after {@code timeout}
   * @throws InterruptedException if the test thread is interrupted
   */
  public static void await(Duration timeout, String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(POLL);
    }
  }
}
