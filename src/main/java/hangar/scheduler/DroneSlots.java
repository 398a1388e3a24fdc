package hangar.scheduler;

import hangar.HangarException;
import hangar.drone.Drone;
import hangar.drone.DroneInfo;
import hangar.drone.LocalDrone;
import hangar.drone.RemoteDrone;
import hangar.drone.SessionState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drones the scheduler uses and what each last said: whether it answers, how many sessions it
 * runs, when it last answered. The scheduler's tick tells it what it saw; {@link #report()} asks
 * every drone afresh for {@code GET /api/v1/drones}.
 */
public final class DroneSlots {
  private static final Logger LOG = LoggerFactory.getLogger(DroneSlots.class);

  /** The {@code kind} of the drone on the scheduler's own machine. */
  public static final String KIND_LOCAL = "local";

  /** The {@code kind} of a drone reached over SSH. */
  public static final String KIND_SSH = "ssh";

  /** The {@code kind} of a worker that dials the master. */
  public static final String KIND_WORKER = "worker";

  private final int capacity;
  private final Clock clock;
  private final List<Drone> drones = new CopyOnWriteArrayList<>();
  private volatile hangar.store.DroneStore records;
  private final ConcurrentMap<String, Seen> seen = new ConcurrentHashMap<>();

  /** What a drone said the last time it was asked; version and heartbeat stay when it goes. */
  private record Seen(boolean online, int running, String version, Instant lastHeartbeat) {
    static final Seen NEVER = new Seen(false, 0, null, null);
  }

  /**
   * Creates an empty set of drones.
   *
   * @param capacity {@code max_processes_per_drone}, the slots of each drone
   * @param clock tells the heartbeat times
   * @throws IllegalArgumentException if {@code capacity} is below 1
   */
  public DroneSlots(int capacity, Clock clock) {
    if (capacity < 1) {
      throw new IllegalArgumentException("max_processes_per_drone must be >= 1, was " + capacity);
    }
    this.capacity = capacity;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private volatile Workers workers;

  /** The dial-in workers the server knows; they are reported with the other drones. */
  public void useWorkers(Workers known) {
    this.workers = known;
    known.all().forEach(this::watch);
    known.onCreated(this::watch);
  }

  /** The dial-in workers, when the server keeps them (not in a scheduler of its own). */
  public java.util.Optional<Workers> workers() {
    return java.util.Optional.ofNullable(workers);
  }

  /** Reads which drones are disabled from the lab's drone records when reporting. */
  public void readDisabledFrom(hangar.store.DroneStore store) {
    this.records = store;
  }

  /** Adds a drone to those reported; it shows offline until it answers. */
  public void watch(Drone drone) {
    drones.add(Objects.requireNonNull(drone, "drone"));
    seen.putIfAbsent(drone.name(), Seen.NEVER);
  }

  private static final java.util.concurrent.ExecutorService ASKERS =
      java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

  /**
   * Asks every drone now who it is and what it runs, and reports each; a drone that does not answer
   * is reported offline with what it last said.
   *
   * @return one report per drone, in the order they were added
   */
  public List<DroneReport> report() {
    java.util.Set<String> disabled = disabled();
    List<Drone> asked = List.copyOf(drones);
    // All drones are asked side by side: one whose link just died must not hold up the others.
    List<java.util.concurrent.CompletableFuture<Void>> answers = new ArrayList<>();
    for (Drone drone : asked) {
      answers.add(java.util.concurrent.CompletableFuture.runAsync(() -> ask(drone), ASKERS));
    }
    List<DroneReport> reports = new ArrayList<>();
    for (int i = 0; i < asked.size(); i++) {
      Drone drone = asked.get(i);
      try {
        // Each question ends by the drone's own call timeout; together they take the longest.
        answers.get(i).get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("asking drone " + drone.name() + " failed; a bug", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HangarException("interrupted while asking the drones", e);
      }
      reports.add(reportOf(drone.name(), kind(drone), disabled));
    }
    return reports;
  }

  /** Asks one drone who it is and what it runs, and records the answer or its silence. */
  private void ask(Drone drone) {
    try {
      DroneInfo info = ping(drone);
      int running = (int) drone.sessions().stream().filter(SessionState::running).count();
      record(drone.name(), new Seen(true, running, info.version(), clock.instant()));
    } catch (HangarException e) {
      LOG.debug("drone {} did not answer: {}", drone.name(), e.getMessage());
      unanswered(drone.name());
    }
  }

  /**
   * The drone that still holds a results path (a session's folder before it is copied to the
   * server, or while it runs), asking each drone that keeps its own results folder.
   *
   * @param relative the path relative to the results root
   * @return the drone and what it lists there, or empty when none has it
   */
  public java.util.Optional<Held> holding(String relative) {
    for (Drone drone : drones) {
      if (drone.resultsRoot().isEmpty()) {
        continue;
      }
      try {
        return java.util.Optional.of(new Held(drone, drone.files(relative, false)));
      } catch (hangar.drone.DroneRequestException e) {
        LOG.debug("drone {} does not hold {}: {}", drone.name(), relative, e.getMessage());
      } catch (HangarException e) {
        LOG.info("drone {} did not answer for {}: {}", drone.name(), relative, e.getMessage());
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * A results path found on a drone.
   *
   * @param drone the drone holding it
   * @param files what it lists there: a folder's children, or the file itself
   */
  public record Held(Drone drone, List<hangar.drone.DroneFile> files) {
    /** True when the path is a file (it lists as itself with no folder flag). */
    public boolean isFile(String relative) {
      String name = relative.substring(relative.lastIndexOf('/') + 1);
      return files.size() == 1 && !files.get(0).directory() && files.get(0).path().equals(name);
    }
  }

  /** What every drone last said, without asking any: for the metrics. */
  List<DroneReport> lastKnown() {
    java.util.Set<String> disabled = disabled();
    return drones.stream().map(d -> reportOf(d.name(), kind(d), disabled)).toList();
  }

  /** The scheduler's tick heard from the drone: it runs {@code running} sessions. */
  void answered(String drone, int running) {
    Seen before = seen.getOrDefault(drone, Seen.NEVER);
    record(drone, new Seen(true, running, before.version(), clock.instant()));
  }

  /** The drone did not answer. */
  void unanswered(String drone) {
    Seen before = seen.getOrDefault(drone, Seen.NEVER);
    record(drone, new Seen(false, before.running(), before.version(), before.lastHeartbeat()));
  }

  private void record(String drone, Seen now) {
    Seen before = seen.put(drone, now);
    if (before != null && before.online() != now.online()) {
      if (now.online()) {
        LOG.info(
            "drone {} answers{}; {} sessions running",
            drone,
            before.lastHeartbeat() == null ? "" : " again",
            now.running());
      } else {
        LOG.warn("drone {} stopped answering; last heard at {}", drone, now.lastHeartbeat());
      }
    }
  }

  private DroneReport reportOf(String drone, String kind, java.util.Set<String> disabled) {
    Seen s = seen.getOrDefault(drone, Seen.NEVER);
    return new DroneReport(
        drone,
        kind,
        s.online(),
        s.running(),
        capacity,
        s.version(),
        s.lastHeartbeat(),
        !disabled.contains(drone));
  }

  private java.util.Set<String> disabled() {
    hangar.store.DroneStore store = records;
    return store == null ? java.util.Set.of() : store.disabled();
  }

  /** The drone of that name, if reported. */
  public java.util.Optional<Drone> get(String name) {
    return drones.stream().filter(d -> d.name().equals(name)).findFirst();
  }

  private static DroneInfo ping(Drone drone) {
    return drone.ping();
  }

  // Switches over the sealed Drone: a new kind of drone does not compile until it is handled here.
  private static String kind(Drone drone) {
    return switch (drone) {
      case LocalDrone local -> KIND_LOCAL;
      case RemoteDrone remote -> KIND_SSH;
      case hangar.drone.WorkerDrone worker -> KIND_WORKER;
    };
  }
}
