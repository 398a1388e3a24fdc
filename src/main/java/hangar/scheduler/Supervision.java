package hangar.scheduler;

import hangar.drone.DaemonSupervisor;
import hangar.drone.DroneUnreachableException;
import hangar.drone.LocalDrone;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisors of a scheduler's {@code localhost} daemons ({@link DaemonSupervisor}), one of
 * them perhaps still starting its daemon beside the first ticks.
 */
final class Supervision implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Supervision.class);

  private final List<DaemonSupervisor> supervisors = new ArrayList<>();
  private final List<Thread> starting = new ArrayList<>();
  private boolean closed;

  /** Supervises a drone whose daemon answers. */
  synchronized void supervise(LocalDrone drone) {
    if (!closed) {
      supervisors.add(drone.supervise(DaemonSupervisor.DEFAULT_INTERVAL));
    }
  }

  /**
   * Starts the drone's daemon on a thread of its own ({@code hangar-drone-start}), then supervises
   * it and calls {@code started}; a daemon that does not come up is left to the supervisor, which
   * starts it again.
   */
  synchronized void startThenSupervise(LocalDrone drone, Runnable started) {
    Thread start =
        Thread.ofVirtual()
            .name("hangar-drone-start")
            .unstarted(
                () -> {
                  long began = System.nanoTime();
                  try {
                    drone.startDaemon();
                    LOG.info(
                        "localhost drone daemon in {} answers, {} ms after the scheduler began",
                        drone.droneDir(),
                        (System.nanoTime() - began) / 1_000_000);
                    started.run();
                  } catch (DroneUnreachableException e) {
                    LOG.error(
                        "the localhost drone daemon in {} did not start: {}; its supervisor tries again",
                        drone.droneDir(),
                        e.getMessage());
                  } catch (RuntimeException e) { // the thread's boundary: supervise it anyway
                    LOG.error(
                        "starting the localhost drone daemon in {} failed; its supervisor tries"
                            + " again",
                        drone.droneDir(),
                        e);
                  }
                  supervise(drone);
                });
    starting.add(start);
    start.start();
  }

  /**
   * Waits until every daemon being started answers or failed to start: the scheduler ticks
   * meanwhile, and its caller says it is ready once the daemons are.
   */
  void awaitStarts() {
    List<Thread> waitFor;
    synchronized (this) {
      waitFor = List.copyOf(starting);
    }
    join(waitFor);
  }

  private static void join(List<Thread> threads) {
    for (Thread start : threads) {
      try {
        start.join(LocalDrone.DEFAULT_START_TIMEOUT.plusSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Stops supervising, once a daemon being started answers or its start failed (so that a caller
   * that stops the daemons next finds them); the daemons keep running.
   */
  @Override
  public void close() {
    List<Thread> waitFor;
    synchronized (this) {
      closed = true;
      waitFor = List.copyOf(starting);
    }
    join(waitFor);
    synchronized (this) {
      supervisors.forEach(DaemonSupervisor::close);
      supervisors.clear();
    }
  }
}
