package hangar.scheduler;

import hangar.drone.WorkerDrone;
import hangar.store.DroneStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dial-in workers the server knows: one {@link WorkerDrone} per worker recorded in the drones
 * table, whether connected or not. The server's link endpoint attaches workers that connect; the
 * scheduler in the same process drives them like any drone; links that miss their heartbeats are
 * closed.
 */
public final class Workers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Workers.class);

  /** How often links are checked for missed heartbeats. */
  static final Duration CHECK_EVERY = Duration.ofMillis(500);

  private final DroneStore store;
  private final Clock clock;
  private final Map<String, WorkerDrone> workers = new ConcurrentHashMap<>();
  private final List<Consumer<WorkerDrone>> listeners = new CopyOnWriteArrayList<>();
  private final Thread checker;
  private volatile boolean running = true;

  /** Loads the recorded workers and starts checking their heartbeats. */
  public Workers(DroneStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    for (DroneStore.DroneRow row : store.list()) {
      if (row.kind().equals(DroneStore.KIND_WORKER)) {
        workers.put(row.name(), new WorkerDrone(row.name(), clock));
      }
    }
    checker = Thread.ofPlatform().daemon().name("hangar-worker-heartbeats").start(this::check);
  }

  /** The lab's drone records. */
  public DroneStore store() {
    return store;
  }

  /** Every known worker. */
  public List<WorkerDrone> all() {
    return List.copyOf(workers.values());
  }

  /** The worker of that name, if recorded. */
  public Optional<WorkerDrone> get(String name) {
    return Optional.ofNullable(workers.get(name));
  }

  /** Calls {@code listener} with every worker created from now on. */
  public void onCreated(Consumer<WorkerDrone> listener) {
    listeners.add(listener);
  }

  /**
   * Records a new worker and returns its token (shown once, stored hashed).
   *
   * @throws hangar.store.ConflictException if a drone of that name exists
   */
  public String create(String name) {
    String token = store.createWorker(name);
    WorkerDrone worker = new WorkerDrone(name, clock);
    workers.put(name, worker);
    listeners.forEach(listener -> listener.accept(worker));
    LOG.info("worker {} created; it connects with its token", name);
    return token;
  }

  private void check() {
    while (running) {
      for (WorkerDrone worker : workers.values()) {
        worker.checkHeartbeat();
      }
      try {
        Thread.sleep(CHECK_EVERY);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // close() asked the checker to stop
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    checker.interrupt();
  }
}
