package hangar.drone;

import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.autoserv.SessionSpec;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code localhost} drone: a daemon process of its own on this machine ({@link DroneDaemon}),
 * reached over {@code <droneDir>/drone.sock}. Sessions run in the daemon, so they outlive the
 * process holding this object; a new {@code LocalDrone} on the same folder sees them again.
 *
 * <p>Each call is one connection carrying one request line and one reply line. Instances hold no
 * connection and are safe to share between threads.
 */
public final class LocalDrone extends ProtocolDrone {
  /** The drone's name in the {@code drones} key. */
  public static final String NAME = "localhost";

  /** How long {@link #create} waits for a daemon it started to answer. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(15);

  /** How long one request may take before the drone counts as unreachable. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

  /** How long a caller waits for room in a busy daemon's accept queue before giving up. */
  static final Duration CONNECT_PATIENCE = Duration.ofSeconds(10);

  /** How long {@link #shutdown} waits for the daemon process to exit. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);

  private final Path droneDir;
  private final UnixDomainSocketAddress address;
  private final ObjectMapper json = DroneJson.create();
  private final ProtocolClient client;
  // How a daemon is started again: null for a drone attached to, which starts none.
  private final String runnerClass;
  private final Path config;
  private final boolean launchable;
  private final String settings;

  private LocalDrone(
      Path droneDir, String runnerClass, Path config, boolean launchable, String settings) {
    this.droneDir = droneDir;
    this.launchable = launchable;
    this.runnerClass = runnerClass;
    this.config = config;
    this.settings = settings;
    this.address = UnixDomainSocketAddress.of(droneDir.resolve(DroneDaemon.SOCKET_FILE));
    this.client = new ProtocolClient(this::exchange, this::unreachable);
  }

  /**
   * Connects to the drone daemon of {@code droneDir}, starting it as a detached process (running
   * sessions with autoserv) if none answers.
   *
   * @param droneDir the drone folder: socket, lock, log and session records
   * @return the drone, answering
   * @throws DroneUnreachableException if no daemon answers within {@link #DEFAULT_START_TIMEOUT}
   */
  public static LocalDrone create(Path droneDir) {
    return create(droneDir, (Class<? extends SessionRunner>) null);
  }

  /**
   * As {@link #create(Path)}, a daemon started now reading {@code config} (its {@code [SSH]}
   * section) instead of looking for one.
   *
   * @param config the configuration file, or null
   */
  public static LocalDrone create(Path droneDir, Path config) {
    return start(droneDir, null, config);
  }

  /**
   * For tests: as {@link #create(Path)}, but a daemon started now runs sessions with a new {@code
   * runner} (made by its public no-argument constructor in the daemon's JVM) instead of autoserv. A
   * daemon already running keeps its runner.
   *
   * @param droneDir the drone folder
   * @param runner the runner class for a daemon started now, or null for autoserv
   * @return the drone, answering
   * @throws DroneUnreachableException if no daemon answers within {@link #DEFAULT_START_TIMEOUT}
   */
  public static LocalDrone create(Path droneDir, Class<? extends SessionRunner> runner) {
    return start(droneDir, runner, null);
  }

  private static LocalDrone start(
      Path droneDir, Class<? extends SessionRunner> runner, Path config) {
    LocalDrone drone = prepare(droneDir, runner, config);
    if (!drone.answers()) {
      drone.launch();
    }
    drone.checkDaemon();
    return drone;
  }

  /**
   * The drone of {@code droneDir} for a scheduler that must not wait for its daemon: when one
   * answers, it is checked as {@link #create(Path, Path)} checks it; when none does, nothing is
   * started here, and {@link #startDaemon} starts it (on another thread) while the scheduler ticks.
   *
   * @return the drone, and whether its daemon answered
   */
  public static Opened open(Path droneDir, Path config) {
    LocalDrone drone = prepare(droneDir, null, config);
    if (!drone.answers()) {
      return new Opened(drone, false);
    }
    drone.checkDaemon();
    return new Opened(drone, true);
  }

  /** What {@link #open} found: the drone, and whether its daemon answered. */
  public record Opened(LocalDrone drone, boolean answered) {}

  /**
   * Starts the daemon as {@link #create} would, and waits until it answers.
   *
   * @throws DroneUnreachableException if no daemon answers within {@link #DEFAULT_START_TIMEOUT}
   */
  public void startDaemon() {
    launch();
    checkDaemon();
  }

  private static LocalDrone prepare(
      Path droneDir, Class<? extends SessionRunner> runner, Path config) {
    return new LocalDrone(
        droneDir.toAbsolutePath().normalize(),
        runner == null ? null : runner.getName(),
        config,
        true,
        // Without a file the daemon looks for one from its own folder: nothing to compare with.
        config == null ? null : DroneSettings.digest(hangar.config.GlobalConfig.load(config)));
  }

  /** Checks the daemon's protocol, and restarts it when idle if its settings are stale. */
  private void checkDaemon() {
    // A daemon outlives upgrades of the server; one from an incompatible build must be restarted.
    DroneInfo info = ping();
    int protocol = info.protocol();
    if (protocol != RequestHandler.PROTOCOL) {
      throw unreachable(
          "drone speaks protocol "
              + protocol
              + ", this Hangar speaks "
              + RequestHandler.PROTOCOL
              + "; stop it with 'hangar drone --dir "
              + droneDir
              + " --stop' when idle",
          null);
    }
    new DaemonSupervisor(this, DaemonSupervisor.DEFAULT_INTERVAL).restartIfStale(info);
  }

  /**
   * Starts checking the daemon each {@code interval}: started again when it dies, restarted with
   * the current settings when they changed and it is idle ({@link DaemonSupervisor}).
   *
   * @return the supervisor; close it before stopping the daemon on purpose
   * @throws IllegalStateException for a drone made by {@link #attach}, which starts no daemon
   */
  public DaemonSupervisor supervise(Duration interval) {
    if (!launchable) {
      throw new IllegalStateException("a drone attached to starts no daemon; use create");
    }
    return DaemonSupervisor.start(this, interval);
  }

  /** Starts the daemon as {@link #create} did, and waits until it answers. */
  void launch() {
    DaemonLauncher.launch(droneDir, runnerClass, config, DEFAULT_START_TIMEOUT, this::answers);
  }

  /**
   * The digest of the settings a daemon started now runs with; null when attached, or when no
   * configuration file was given, and then a daemon's settings are not compared.
   */
  String settings() {
    return settings;
  }

  /**
   * The drone daemon of {@code droneDir} if one runs; starts nothing. Calls on it throw {@link
   * DroneUnreachableException} while no daemon runs.
   *
   * @param droneDir the drone folder
   * @return a client of that folder's daemon
   */
  public static LocalDrone attach(Path droneDir) {
    return new LocalDrone(droneDir.toAbsolutePath().normalize(), null, null, false, null);
  }

  @Override
  ProtocolClient client() {
    return client;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The drone folder. */
  public Path droneDir() {
    return droneDir;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Idempotent: a session id the drone already knows, running or finished, is not run again. A
   * relative results folder is made absolute against this process's working directory.
   *
   * @throws DroneRequestException if the drone refuses the spec (an id that cannot name a file)
   * @throws DroneUnreachableException if the drone does not answer or is shutting down
   */
  @Override
  public void start(SessionSpec spec) {
    Objects.requireNonNull(spec, "spec");
    // The daemon runs in the drone folder; a relative path meant the caller's working directory.
    client.call(new Request.Start(spec.withResultsDir(spec.resultsDir().toAbsolutePath())));
  }

  /**
   * {@inheritDoc}
   *
   * <p>As {@link #start}: idempotent per session id, relative results folders made absolute.
   *
   * @throws DroneUnreachableException if the drone does not answer or is shutting down; then none
   *     or some of the sessions may have started, and starting them again is safe
   */
  @Override
  public Map<String, DroneRequestException> startAll(List<SessionSpec> specs) {
    return client.startAll(
        specs.stream().map(s -> s.withResultsDir(s.resultsDir().toAbsolutePath())).toList());
  }

  /** Sessions write straight into the server's results folder: nothing is transferred. */
  @Override
  public Optional<String> resultsRoot() {
    return Optional.empty();
  }

  /**
   * Carries one protocol line to the daemon and returns its reply line, as it came: for a worker's
   * link, which carries lines it does not read.
   *
   * @throws DroneUnreachableException if the daemon does not answer
   */
  public String exchangeLine(String line) {
    return exchange(line);
  }

  /**
   * Carries protocol lines from {@code in} to the daemon and its replies to {@code out} until
   * {@code in} ends: {@code hangar drone --relay}, which a scheduler runs over SSH to reach a
   * remote drone.
   *
   * @throws IOException if reading or writing the streams fails
   */
  public void relay(java.io.InputStream in, java.io.OutputStream out) throws IOException {
    Lines lines = new Lines(in, out);
    String line;
    while ((line = lines.read()) != null) {
      String reply;
      try {
        reply = exchange(line);
      } catch (DroneUnreachableException e) {
        reply =
            "{\"ok\":false,\"error\":\"shutting-down\",\"message\":"
                + json.writeValueAsString(e.getMessage())
                + "}";
      }
      lines.write(reply);
    }
  }

  /**
   * Stops the daemon: running sessions are aborted and recorded as ABORT; waits until its process
   * exited. For tests and {@code hangar drone --stop}; the server leaves its drone running.
   *
   * @throws DroneUnreachableException if no daemon answers, or it does not exit within {@link
   *     #DEFAULT_SHUTDOWN_TIMEOUT}
   */
  public void shutdown() {
    awaitExit(client.shutdown().pid());
  }

  /** Waits for the daemon process {@code pid}, asked to stop, to exit. */
  void awaitExit(long pid) {
    // A daemon inside this very JVM (tests) cannot be waited for as a process.
    ProcessHandle.of(pid)
        .filter(process -> !process.equals(ProcessHandle.current()))
        .ifPresent(
            process -> {
              try {
                process.onExit().get(DEFAULT_SHUTDOWN_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unreachable("interrupted while waiting for the drone to exit", e);
              } catch (ExecutionException | TimeoutException e) {
                throw unreachable(
                    "drone pid " + pid + " did not exit within " + DEFAULT_SHUTDOWN_TIMEOUT, e);
              }
            });
  }

  @Override
  public String toString() {
    return "LocalDrone[" + droneDir + "]";
  }

  private boolean answers() {
    try {
      ping();
      return true;
    } catch (DroneUnreachableException e) {
      return false;
    }
  }

  private String exchange(String line) {
    String reply;
    try {
      reply = UnixSocketCall.exchange(address, line, CONNECT_PATIENCE, DEFAULT_CALL_TIMEOUT);
    } catch (IOException e) {
      throw unreachable("cannot reach the drone at " + address.getPath() + ": " + e, e);
    }
    if (reply == null) {
      throw unreachable("drone closed the connection without answering", null);
    }
    return reply;
  }

  private DroneUnreachableException unreachable(String what, Throwable cause) {
    String message =
        what
            + "; start it with 'hangar drone --dir "
            + droneDir
            + "' and see "
            + droneDir.resolve(DroneDaemon.LOG_FILE);
    return cause == null
        ? new DroneUnreachableException(message)
        : new DroneUnreachableException(message, cause);
  }
}
