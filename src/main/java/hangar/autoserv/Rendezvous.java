package hangar.autoserv;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** One barrier: a number of hosts that must all arrive before any goes on. */
final class Rendezvous {
  private final CountDownLatch latch;
  private final Set<String> arrived = ConcurrentHashMap.newKeySet();

  Rendezvous(int parties) {
    latch = new CountDownLatch(parties);
  }

  /**
   * Arrives and waits for the others; the last to arrive runs {@code complete}, which lets the name
   * be used for a barrier again. A host that arrives twice counts once.
   *
   * @return true when all arrived within the timeout
   */
  boolean arrive(String host, Duration timeout, Runnable complete) throws InterruptedException {
    if (arrived.add(host)) {
      latch.countDown();
      if (latch.getCount() == 0) {
        complete.run();
      }
    }
    return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** How many hosts arrived and which, for a message. */
  String arrived() {
    return arrived.size() + " (" + String.join(", ", new TreeSet<>(arrived)) + ")";
  }
}
