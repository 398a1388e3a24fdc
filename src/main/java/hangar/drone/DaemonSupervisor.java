package hangar.drone;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@code localhost} drone daemon running: checks it each {@link #DEFAULT_INTERVAL} and
 * starts it again when it does not answer and no process holds its folder's lock any more (it was
 * killed, or crashed). The new daemon records the sessions its predecessor ran as ended with "the
 * drone daemon died (pid N) while the session ran", so their entries end and the host is free
 * again. A daemon that holds the lock but does not answer (starting, or hung) is left alone.
 *
 * <p>Also restarts a daemon that runs with other settings than this process would start it with
 * ({@link DroneSettings}), once it runs no session.
 */
public final class DaemonSupervisor implements AutoCloseable {
  /** How often the daemon is checked unless told otherwise. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(DaemonSupervisor.class);

  private final LocalDrone drone;
  private final Duration interval;
  private final Thread thread;
  private volatile boolean closed;
  private boolean reportedHung;
  private String reportedBusyWith;

  DaemonSupervisor(LocalDrone drone, Duration interval) {
    this.drone = drone;
    this.interval = interval;
    this.thread = Thread.ofVirtual().name("hangar-drone-supervisor").unstarted(this::loop);
  }

  /**
   * Starts supervising {@code drone} on a virtual thread of its own.
   *
   * @param interval how often to check
   * @throws IllegalArgumentException if {@code interval} is not positive
   */
  static DaemonSupervisor start(LocalDrone drone, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the check interval must be positive, was " + interval);
    }
    DaemonSupervisor supervisor = new DaemonSupervisor(drone, interval);
    supervisor.thread.start();
    LOG.info(
        "supervising the localhost drone daemon in {}: started again within {} when it dies",
        drone.droneDir(),
        interval);
    return supervisor;
  }

  /** Stops supervising, waiting for a check under way; the daemon keeps running. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    while (!closed) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      try {
        check();
      } catch (RuntimeException e) { // the loop's boundary: log and check again next time
        if (closed) {
          return;
        }
        LOG.error("checking the localhost drone daemon failed; checking again in {}", interval, e);
      }
    }
  }

  /** One check: start a daemon that is gone, restart an idle one with stale settings. */
  void check() {
    DroneInfo info;
    try {
      info = drone.ping();
    } catch (DroneUnreachableException e) {
      startIfGone(e);
      return;
    }
    reportedHung = false;
    restartIfStale(info);
  }

  /**
   * Restarts the daemon when it runs with other settings than {@code drone} would start it with,
   * and runs no session; a busy one is restarted by a later check, once idle.
   */
  void restartIfStale(DroneInfo info) {
    String wanted = drone.settings();
    if (wanted == null || wanted.equals(info.settings())) {
      return;
    }
    Optional<DroneInfo> stopped;
    try {
      stopped = drone.client().shutdownWhenIdle();
    } catch (DroneRequestException e) {
      if (!wanted.equals(reportedBusyWith)) {
        reportedBusyWith = wanted;
        LOG.warn(
            "the localhost drone daemon (pid {}) runs with other settings but refuses to stop when"
                + " idle: {}; stop it with 'hangar drone --dir {} --stop' when it runs no session",
            info.pid(),
            e.getMessage(),
            drone.droneDir());
      }
      return;
    }
    String why = DroneSettings.describe(info.settings(), wanted);
    if (stopped.isEmpty()) {
      if (!wanted.equals(reportedBusyWith)) {
        reportedBusyWith = wanted;
        LOG.info(
            "the localhost drone daemon (pid {}) runs with other settings: {}; it is restarted"
                + " once it runs no session",
            info.pid(),
            why);
      }
      return;
    }
    LOG.info(
        "restarting the localhost drone daemon (pid {}), which runs no session, with the current"
            + " settings: {}",
        info.pid(),
        why);
    drone.awaitExit(info.pid());
    drone.launch();
    reportedBusyWith = null;
  }

  private void startIfGone(DroneUnreachableException why) {
    Path dir = drone.droneDir();
    long pid;
    try {
      pid = Pids.read(dir);
    } catch (IOException e) {
      LOG.warn("cannot read the pid of the localhost drone daemon in {}: {}", dir, e.toString());
      pid = 0;
    }
    if (isLockHeld(dir, pid)) {
      if (!reportedHung) {
        reportedHung = true;
        LOG.warn(
            "the localhost drone daemon (pid {}) holds {} but does not answer: {}; it is left"
                + " alone while it holds the lock",
            pid,
            dir,
            why.getMessage());
      }
      return;
    }
    if (closed) {
      return;
    }
    LOG.warn(
        "the localhost drone daemon (pid {}) is gone: it does not answer and its lock is free;"
            + " starting it again",
        pid);
    drone.launch();
    reportedHung = false;
  }

  /** True when some process, this one included, holds the drone folder's lock. */
  private static boolean isLockHeld(Path dir, long pid) {
    if (pid == ProcessHandle.current().pid()) {
      return true; // a daemon inside this JVM (tests); probing would release its lock
    }
    try (FileChannel channel =
        FileChannel.open(
            dir.resolve(DroneDaemon.LOCK_FILE),
            StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return true;
      }
      lock.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new DroneUnreachableException(
          "cannot tell whether a drone daemon holds " + dir + ": " + e + "; check the folder", e);
    }
  }
}
