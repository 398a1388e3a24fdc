package hangar.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waits for a condition another process brings about, checking it until a deadline. The drone
 * protocol has no push, so tests ask again; the short pause between checks is not a wait for an
 * event, the deadline bounds the test.
 */
public final class Polling {
  public static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PAUSE = Duration.ofMillis(20);

  private Polling() {}

  /**
   * Returns the first present value of {@code check}, asking until {@link #TIMEOUT}.
   *
   * @throws AssertionError naming {@code what} on timeout
   */
  public static <T> T await(String what, Supplier<Optional<T>> check) {
    return await(what, TIMEOUT, check);
  }

  /**
   * Returns the first present value of {@code check}, asking until {@code timeout}.
   *
   * @throws AssertionError naming {@code what} on timeout
   */
  public static <T> T await(String what, Duration timeout, Supplier<Optional<T>> check) {
    return await(what, timeout, PAUSE, check);
  }

  /**
   * Returns the first present value of {@code check}, asking until {@code timeout} with {@code
   * pause} between two checks, for checks too costly to run every 20 ms.
   *
   * @throws AssertionError naming {@code what} on timeout
   */
  public static <T> T await(
      String what, Duration timeout, Duration pause, Supplier<Optional<T>> check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> value = check.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
