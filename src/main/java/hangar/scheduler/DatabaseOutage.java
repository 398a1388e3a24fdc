package hangar.scheduler;

import hangar.store.StorageFailures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pauses the scheduler while its database is unavailable, and says so once: a tick that finds the
 * database unreachable (or its disk full) ends there, the scheduler logs one line when it pauses
 * and one when a tick gets through again, and {@code hangar_scheduler_paused} is 1 meanwhile. Each
 * tick of the pause is the probe: it fails at its first statement, within the pool's connection
 * timeout. Nothing is lost by the pause: every change of a tick is a guarded update, and sessions
 * that end meanwhile are still on their drones for the first tick after it.
 */
final class DatabaseOutage {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutage.class);

  private final SchedulerMetrics metrics;
  private final Clock clock;
  private Instant pausedSince;

  DatabaseOutage(SchedulerMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Runs a tick; a storage failure pauses the scheduler instead of failing the tick.
   *
   * @throws RuntimeException what the tick threw, when it was no storage failure
   */
  void tick(Runnable tick) {
    try {
      tick.run();
    } catch (RuntimeException e) {
      Optional<StorageFailures.Failure> failure = StorageFailures.of(e);
      if (failure.isEmpty()) {
        throw e;
      }
      if (pausedSince == null) {
        pausedSince = clock.instant();
        metrics.paused(true);
        LOG.warn(
            "scheduler paused: {}; it ticks again on its own once the database answers",
            failure.get().describe());
      } else {
        LOG.debug("scheduler still paused: {}", failure.get().describe());
      }
      return;
    }
    if (pausedSince != null) {
      LOG.info(
          "scheduler resumed: the database answers again after {} s paused",
          Duration.between(pausedSince, clock.instant()).toSeconds());
      pausedSince = null;
      metrics.paused(false);
    }
  }
}
