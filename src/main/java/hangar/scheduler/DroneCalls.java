package hangar.scheduler;

import hangar.HangarException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drone calls a tick makes that must not end it: a drone that refuses or does not answer one is
 * logged when it starts failing that call and when the call works again (not at every tick), and
 * the tick goes on with the other drones.
 */
final class DroneCalls {
  private static final Logger LOG = LoggerFactory.getLogger(DroneCalls.class);

  // "<drone> <call>" for each call a drone failed last time it was made.
  private final Set<String> failing = ConcurrentHashMap.newKeySet();

  /**
   * Makes {@code call} to drone {@code droneName}.
   *
   * @param what the call, as a log line names it: {@code "abort sessions"}
   * @return what the call returned, or null when it failed (logged)
   */
  <T> T call(String droneName, String what, Supplier<T> call) {
    String key = droneName + " " + what;
    T result;
    try {
      result = call.get();
    } catch (HangarException e) {
      if (failing.add(key)) {
        LOG.warn(
            "drone {} failed to {}; tried again next tick, logged again once it works",
            droneName,
            what,
            e);
      } else {
        LOG.debug("drone {} still fails to {}", droneName, what, e);
      }
      return null;
    }
    if (failing.remove(key)) {
      LOG.info("drone {} can {} again", droneName, what);
    }
    return result;
  }

  /** Makes {@code call} to the drone as {@link #call} does; true when it went through. */
  boolean run(String droneName, String what, Runnable call) {
    return call(
            droneName,
            what,
            () -> {
              call.run();
              return Boolean.TRUE;
            })
        != null;
  }
}
