package hangar.scheduler;

import java.time.Instant;
import java.util.Objects;

/**
 * What a drone has running and free, as {@code hangar drone list} shows it.
 *
 * @param name the drone's name in the {@code drones} key ({@code localhost})
 * @param kind how it is reached: {@code local} for the drone on the scheduler's machine
 * @param online true if it answered the last time it was asked
 * @param running sessions running on it; when offline, as many as it had when it last answered
 * @param capacity {@code max_processes_per_drone}
 * @param version the Hangar version it runs, or null if it never answered
 * @param lastHeartbeat when it last answered, or null if it never did
 * @param enabled false when it is drained ({@code hangar drone mod --disable}): it takes no new
 *     sessions
 */
public record DroneReport(
    String name,
    String kind,
    boolean online,
    int running,
    int capacity,
    String version,
    Instant lastHeartbeat,
    boolean enabled) {
  /** A report of an enabled drone. */
  public DroneReport(
      String name,
      String kind,
      boolean online,
      int running,
      int capacity,
      String version,
      Instant lastHeartbeat) {
    this(name, kind, online, running, capacity, version, lastHeartbeat, true);
  }

  public DroneReport {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    if (running < 0) {
      throw new IllegalArgumentException("running sessions must be >= 0, was " + running);
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
  }

  /** Slots left for new sessions: the capacity less what runs, never below zero; 0 when drained. */
  public int free() {
    return enabled ? Math.max(0, capacity - running) : 0;
  }

  /** {@code disabled}, {@code online} or {@code offline}. */
  public String state() {
    return !enabled ? "disabled" : online ? "online" : "offline";
  }
}
