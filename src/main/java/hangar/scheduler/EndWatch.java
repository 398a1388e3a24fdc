package hangar.scheduler;

import hangar.drone.Drone;
import hangar.drone.DroneRequestException;
import hangar.drone.DroneUnreachableException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears each drone's sessions end as they end and wakes the scheduler, so that a finished session's
 * entry moves on at once instead of at the next tick. One virtual thread per drone keeps a {@code
 * watch} open on it (a request the drone answers when a session ends, or after {@link #WAIT}). A
 * drone that cannot be reached is watched again after a pause; one too old to know {@code watch} is
 * left to the ticks, which remain the safety net for every drone.
 */
final class EndWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EndWatch.class);

  /** How long one watch waits; below every carrier's call timeout. */
  static final Duration WAIT = Duration.ofSeconds(20);

  /** The longest pause before watching again a drone that did not answer. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(1);

  private final Runnable wake;
  private final Duration retryAfter;

  /** How long a drone too old to watch is left to the ticks before it is asked again. */
  static final Duration OLD_DRONE_RECHECK = Duration.ofMinutes(1);

  private record Watcher(Drone drone, Thread thread) {}

  private final Map<String, Watcher> watching = new HashMap<>();
  private volatile boolean closed;

  /**
   * @param wake what to call when a session ended
   * @param retryAfter the pause before watching again a drone that did not answer, at most {@link
   *     #MAX_RETRY_AFTER}
   */
  EndWatch(Runnable wake, Duration retryAfter) {
    this.wake = wake;
    this.retryAfter = retryAfter.compareTo(MAX_RETRY_AFTER) < 0 ? retryAfter : MAX_RETRY_AFTER;
  }

  /**
   * Watches every drone in {@code drones} and stops watching those no longer in it, or replaced by
   * another of the same name.
   */
  synchronized void watch(List<Drone> drones) {
    if (closed) {
      return;
    }
    Map<String, Drone> now = new HashMap<>();
    drones.forEach(d -> now.put(d.name(), d));
    watching
        .entrySet()
        .removeIf(
            e -> {
              if (now.get(e.getKey()) == e.getValue().drone()) {
                return false;
              }
              e.getValue().thread().interrupt();
              return true;
            });
    for (Drone drone : drones) {
      watching.computeIfAbsent(
          drone.name(),
          n ->
              new Watcher(
                  drone,
                  Thread.ofVirtual().name("hangar-end-watch-" + n).start(() -> loop(drone))));
    }
  }

  private void loop(Drone drone) {
    long seen = -1;
    boolean failed = false;
    boolean toldOld = false;
    while (!closed && !Thread.currentThread().isInterrupted()) {
      try {
        long ended = drone.awaitEnds(seen, WAIT);
        // After a failure, the drone's first answer wakes the scheduler even with the same count:
        // the tick's own requests may have failed meanwhile and found nothing to do.
        if (ended != seen && seen >= 0 || failed) {
          LOG.debug(
              "drone {}: a session ended or the drone is back; waking the scheduler", drone.name());
          wake.run();
        }
        seen = ended;
        failed = false;
      } catch (DroneRequestException e) {
        failed = true;
        if (DroneRequestException.BAD_REQUEST.equals(e.code())) {
          // A daemon older than the watch; the next one started (an upgrade) will know it.
          if (!toldOld) {
            toldOld = true;
            LOG.info(
                "drone {} does not tell when sessions end ({}); its sessions are followed at each"
                    + " tick, and it is asked again in {}",
                drone.name(),
                e.getMessage(),
                OLD_DRONE_RECHECK);
          }
          pause(drone, e, OLD_DRONE_RECHECK);
        } else {
          pause(drone, e, retryAfter);
        }
      } catch (DroneUnreachableException e) {
        // The count it had stays: a drone back with another count (ends meanwhile, or a new
        // daemon) wakes the scheduler at its first answer.
        failed = true;
        pause(drone, e, retryAfter);
      }
    }
  }

  private void pause(Drone drone, RuntimeException e, Duration pause) {
    if (closed) {
      return;
    }
    LOG.debug(
        "drone {}: cannot watch for ended sessions ({}); again in {}", drone.name(), e, pause);
    try {
      Thread.sleep(pause);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops watching; a watch under way ends with its request. */
  @Override
  public synchronized void close() {
    closed = true;
    watching.values().forEach(w -> w.thread().interrupt());
    watching.clear();
  }
}
