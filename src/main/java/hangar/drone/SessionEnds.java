package hangar.drone;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many sessions ended on this daemon since it started (those a dead predecessor left running
 * included), and the {@code watch} requests waiting for the next end.
 */
final class SessionEnds {
  /** The longest a {@code watch} waits for a session to end. */
  static final Duration MAX_WATCH = Duration.ofSeconds(60);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long ends;
  private boolean closed;

  /** Counts {@code count} ended sessions and wakes the waiters. */
  void ended(int count) {
    lock.lock();
    try {
      ends += count;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes the waiters for good: the daemon is stopping. */
  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** True once the daemon is stopping: a watch is then refused, not answered at once forever. */
  boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the count differs from {@code after}, the daemon closes, or {@code wait} passes,
   * and returns the count: the scheduler learns of an end when it happens instead of at its next
   * poll. The count starts at 0 with each daemon, so a scheduler that saw a higher one hears at
   * once that the daemon changed.
   *
   * @param after the count the caller last saw, or -1 to hear the count at once
   * @param wait how long to wait, from 0 to {@link #MAX_WATCH}
   * @throws IllegalArgumentException for a wait outside that range
   * @throws InterruptedException if the daemon stops the waiting connection
   */
  long await(long after, Duration wait) throws InterruptedException {
    if (wait.isNegative() || wait.compareTo(MAX_WATCH) > 0) {
      throw new IllegalArgumentException(
          "watch wait_ms must be from 0 to " + MAX_WATCH.toMillis() + ", was " + wait.toMillis());
    }
    lock.lock();
    try {
      long left = wait.toNanos();
      while (ends == after && !closed && left > 0) {
        left = changed.awaitNanos(left);
      }
      return ends;
    } finally {
      lock.unlock();
    }
  }
}
