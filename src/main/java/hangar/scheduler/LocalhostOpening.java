package hangar.scheduler;

import hangar.config.GlobalConfig;
import hangar.config.SchedulerSettings;
import hangar.drone.LocalDrone;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The {@code localhost} drone's daemon, looked for on a thread of its own while the role opens its
 * database: finding it (a first exchange over its socket, the settings digest it is compared with)
 * and opening the database each take a good part of a role's start, and neither needs the other. A
 * daemon that does not answer is started by {@link SchedulerRole#start}; one that answers with
 * settings other than the configuration's is restarted with them when idle, as {@link
 * LocalDrone#open} does.
 */
public final class LocalhostOpening {
  private final CompletableFuture<LocalDrone.Opened> opened;

  private LocalhostOpening(CompletableFuture<LocalDrone.Opened> opened) {
    this.opened = opened;
  }

  /**
   * Begins looking for the daemon under {@code dataDir/drone} when the scheduler drives {@code
   * localhost}.
   *
   * @param config the configuration; its file is the one the daemon's settings are compared with
   * @param dataDir the data directory, prepared
   */
  public static LocalhostOpening begin(GlobalConfig config, Path dataDir) {
    if (!config.scheduler().drones().contains(SchedulerSettings.LOCALHOST)) {
      return new LocalhostOpening(null);
    }
    Path droneDir = dataDir.resolve("drone");
    Path configFile = config.source();
    return new LocalhostOpening(
        CompletableFuture.supplyAsync(
            () -> LocalDrone.open(droneDir, configFile),
            task -> Thread.ofVirtual().name("hangar-drone-open").start(task)));
  }

  /**
   * What the look found.
   *
   * @throws hangar.drone.DroneUnreachableException when the daemon that answered cannot serve this
   *     build (another protocol), as {@link LocalDrone#open} says
   * @throws IllegalStateException when the scheduler does not drive {@code localhost}
   */
  LocalDrone.Opened get() {
    if (opened == null) {
      throw new IllegalStateException("localhost is not among the scheduler's drones");
    }
    try {
      return opened.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
