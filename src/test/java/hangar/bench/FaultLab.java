package hangar.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import hangar.config.DbType;
import hangar.drone.LocalDrone;
import hangar.testing.DataDisk;
import hangar.testing.HangarProcess;
import hangar.testing.Polling;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The lab a fault campaign runs in: its {@link LabSite} and the Hangar processes, in one of three
 * topologies. In {@link Topology#ALL_IN_ONE}, a {@code hangar server} with its scheduler and {@code
 * localhost} drone, and a {@link LabWorker} dialling it through a loopback proxy the campaign can
 * cut; in {@link Topology#SPLIT}, a frontend ({@code --no-scheduler}, which serves an H2 file to
 * the others) and two {@code hangar scheduler} processes; in {@link Topology#TWO_MACHINES}, the
 * same with the second scheduler on {@link OtherMachine}. {@link #close()} stops and removes
 * everything, also after a failure; the processes' logs stay in {@link #logs()}.
 */
final class FaultLab implements AutoCloseable {
  /** Which processes run. */
  enum Topology {
    ALL_IN_ONE,
    SPLIT,
    TWO_MACHINES
  }

  static final String WORKER = LabWorker.NAME;
  static final String LOCALHOST = LabSite.LOCALHOST;
  private static final Duration START_UP = Duration.ofSeconds(120);
  private static final Pattern READY = Pattern.compile("server ready on port (\\d+)");

  private final LabSite site;
  private final Path logs;
  private final int port;
  private Topology topology;
  private HangarProcess server;
  private final LabSchedulers schedulers;
  private LabWorker worker;
  private String workerToken;
  private LabApi api;
  private int started;
  private int keptFiles;

  private FaultLab(LabSite site, Path logs, int port) {
    this.site = site;
    this.logs = logs;
    this.port = port;
    this.schedulers = new LabSchedulers(site, this::log);
  }

  /**
   * Makes the lab's site; its processes start with the first {@link #up}.
   *
   * @param sshHosts hosts under test beside {@code localhost}
   */
  static FaultLab create(DbType type, int sshHosts) throws IOException, InterruptedException {
    LabSite site = LabSite.create(type, sshHosts);
    try {
      // Outside the site, which goes with the lab: the logs stay for a look afterwards.
      return new FaultLab(site, Files.createTempDirectory("hangar-faults-logs-"), freePort());
    } catch (IOException | RuntimeException e) {
      site.close();
      throw e;
    }
  }

  LabSite site() {
    return site;
  }

  /** The folder of the processes' logs, kept when the lab is taken down. */
  Path logs() {
    return logs;
  }

  /**
   * On H2, copies the database file as it is now into the logs folder ({@code
   * h2-<n>-<millis>.mv.db}), so that what H2 makes of it when it opens it again can be looked at
   * after the run. Does nothing on the other databases.
   */
  void keepDatabaseFile() throws IOException {
    if (!isH2()) {
      return;
    }
    keptFiles++;
    try (Stream<Path> files = Files.walk(site.data())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".mv.db")).toList()) {
        Files.copy(
            file, logs.resolve("h2-" + keptFiles + "-" + System.currentTimeMillis() + ".mv.db"));
      }
    }
  }

  /** The server's API; null until the first {@link #up}. */
  LabApi api() {
    return api;
  }

  DataDisk disk() {
    return site.disk();
  }

  boolean isH2() {
    return site.isH2();
  }

  /**
   * Runs the processes of {@code wanted}, stopping those of another topology first; when it runs
   * already, starts again whatever of it died.
   *
   * @return what had to be started again, in words (empty when nothing)
   */
  List<String> up(Topology wanted) throws IOException {
    if (topology == wanted) {
      return heal();
    }
    stopProcesses();
    topology = wanted;
    startServer();
    if (wanted != Topology.ALL_IN_ONE) {
      schedulers.start(wanted == Topology.TWO_MACHINES);
    } else {
      startWorker();
    }
    return List.of();
  }

  /**
   * Starts again what died of the current topology: the server, a scheduler, the {@code localhost}
   * drone, the worker.
   *
   * @return what was started again, in words
   */
  List<String> heal() throws IOException {
    List<String> healed = new ArrayList<>();
    if (!server.isAlive()) {
      healed.add("server started again");
      startServer();
    }
    schedulers.heal(healed);
    if (dronePid().isEmpty()) {
      healed.add("localhost drone started again by the campaign");
      LocalDrone.create(droneDir(), site.config());
    }
    if (topology == Topology.ALL_IN_ONE && !worker.isAlive()) {
      healed.add("worker started again");
      startWorker();
    }
    return healed;
  }

  void startServer() throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "server",
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--data",
                site.data().toString(),
                "--config",
                site.config().toString()));
    if (topology != Topology.ALL_IN_ONE) {
      args.add("--no-scheduler");
    }
    server = HangarProcess.start(log("server"), args.toArray(String[]::new));
    server.awaitOutput(READY, 1, START_UP);
    if (api == null) {
      api =
          new LabApi(
              "http://127.0.0.1:" + port,
              Files.readString(site.data().resolve("admin.token"), UTF_8).strip());
      populate();
    }
  }

  /** Stops the server as an operator would (SIGTERM, then waits) and starts it again. */
  void restartServer() throws IOException {
    server.close();
    startServer();
  }

  void killServer() {
    server.kill();
  }

  /** The schedulers of {@link Topology#SPLIT} and {@link Topology#TWO_MACHINES}. */
  LabSchedulers schedulers() {
    return schedulers;
  }

  /**
   * Kills the {@code localhost} drone daemon with SIGKILL and waits until it is gone.
   *
   * @throws IllegalStateException if no drone daemon answers
   */
  void killDrone() {
    long pid =
        dronePid().orElseThrow(() -> new IllegalStateException("no localhost drone to kill"));
    ProcessHandle.of(pid)
        .ifPresent(
            process -> {
              process.destroyForcibly();
              process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            });
  }

  void killWorker() {
    worker.kill();
  }

  void startWorker() throws IOException {
    if (worker == null) {
      worker = LabWorker.create(port, workerDir(), site.config(), workerToken);
    }
    worker.start(log("worker"));
    awaitDroneState(WORKER, "online", START_UP);
  }

  LabWorker worker() {
    return worker;
  }

  /** Waits until the server lists drone {@code name} in {@code state}. */
  void awaitDroneState(String name, String state, Duration timeout) {
    Polling.await(
        "drone " + name + " " + state,
        timeout,
        Duration.ofMillis(200),
        () -> api.droneState(name).filter(state::equals));
  }

  /**
   * The pids of the lab's own processes: the Hangar processes, the drone daemons, the sshd daemons.
   * A process carrying the lab's marker that runs below none of them was left behind.
   */
  Set<Long> ownPids() {
    Set<Long> pids = new HashSet<>(site.sshdPids());
    if (server != null && server.isAlive()) {
      pids.add(server.pid());
    }
    schedulers.addPids(pids);
    if (worker != null) {
      worker.pid().ifPresent(pids::add);
    }
    dronePid().ifPresent(pids::add);
    DroneDaemons.pidOf(workerDir()).ifPresent(pids::add);
    return pids;
  }

  Optional<Long> dronePid() {
    return DroneDaemons.pidOf(droneDir());
  }

  private Path droneDir() {
    return site.data().resolve("drone");
  }

  private Path workerDir() {
    return site.dir().resolve("worker").resolve("drone");
  }

  private void populate() {
    for (String host : site.hosts()) {
      expect(api.createHost(host, site.sshPort(host)), "create host " + host);
    }
    workerToken =
        expect(api.createWorker(WORKER), "create worker " + WORKER).json().get("token").asText();
  }

  private static LabApi.Answer expect(LabApi.Answer answer, String what) {
    if (!answer.isSuccess()) {
      throw new IllegalStateException(
          "could not " + what + ": " + answer.status() + " " + answer.body());
    }
    return answer;
  }

  /** A fresh log file per process started, so that waiting for its output sees only its own. */
  private Path log(String role) {
    started++;
    return logs.resolve(String.format("%03d-%s.log", started, role));
  }

  private void stopProcesses() {
    if (worker != null) {
      worker.stop();
    }
    schedulers.stop();
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** Stops every process and the drone daemons, keeps their logs, takes the site down. */
  @Override
  public void close() {
    LabSite.runAll(
        List.of(
            this::stopProcesses,
            () ->
                DroneDaemons.keepLog(logs, droneDir().resolve("drone.log"), "localhost-drone.log"),
            () -> DroneDaemons.keepLog(logs, workerDir().resolve("drone.log"), "worker-drone.log"),
            () -> DroneDaemons.shutdown(droneDir()),
            () -> DroneDaemons.shutdown(workerDir()),
            () -> schedulers.closeOtherMachine(logs),
            () -> {
              if (worker != null) {
                try {
                  worker.close();
                } catch (IOException e) {
                  throw new UncheckedIOException("cannot close the worker's link", e);
                }
              }
            },
            site::close),
        "taking the lab in " + site.dir() + " down failed");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
