package hangar.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.drone.DroneUnreachableException;
import hangar.drone.LocalDrone;
import hangar.testing.DataDisk;
import hangar.testing.HangarProcess;
import hangar.testing.MarkedProcesses;
import hangar.testing.OpenSshServer;
import hangar.testing.Polling;
import hangar.testing.TcpProxy;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The lab a fault campaign runs in, all of it on this machine and all of it the campaign's own: a
 * folder whose path is in every command line it starts (its marker), a tmpfs holding the server's
 * data directory, a fresh database (PostgreSQL and MariaDB reached through a loopback proxy the
 * campaign can cut), hosts under test that are real sshd daemons on loopback addresses beside
 * {@code localhost}, and the Hangar processes: in {@link Topology#ALL_IN_ONE} a {@code hangar
 * server} with its scheduler and drone, and a worker dialling it through a proxy; in {@link
 * Topology#SPLIT} a frontend ({@code --no-scheduler}) and two {@code hangar scheduler} processes.
 * {@link #close()} stops and removes everything, also after a failure.
 */
final class FaultLab implements AutoCloseable {
  /** Which processes run. */
  enum Topology {
    ALL_IN_ONE,
    SPLIT
  }

  static final String WORKER = "w1";
  static final String LOCALHOST = "localhost";
  private static final Duration START_UP = Duration.ofSeconds(120);
  private static final int DISK_MB = 128;
  private static final int SCHEDULERS = 2;
  private static final Pattern READY = Pattern.compile("server ready on port (\\d+)");
  private static final Pattern SCHEDULER_RUNNING = Pattern.compile("Hangar scheduler .* running");
  // The test holds until the trial releases it (at most 60 s), after noting its run.
  private static final String HOLD =
      """
      #!/bin/sh
      # hold RUNS RELEASE: notes one run of a test in RUNS, then waits for RELEASE (60 s at most)
      echo "$$ $(date +%s.%N)" >> "$1"
      i=0
      while [ ! -e "$2" ] && [ "$i" -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
      """;

  private final Path dir;
  private final Path logs;
  private final DataDisk disk;
  private final DatabaseSettings created;
  private final TcpProxy databaseLink;
  private final List<OpenSshServer> sshHosts;
  private final Path config;
  private final int port;
  private final List<String> hostNames;
  private Topology topology;
  private HangarProcess server;
  private final List<HangarProcess> schedulers = new ArrayList<>();
  private HangarProcess worker;
  private TcpProxy workerLink;
  private String workerToken;
  private LabApi api;
  private int started;

  private FaultLab(
      Path dir,
      DataDisk disk,
      DatabaseSettings created,
      TcpProxy databaseLink,
      List<OpenSshServer> sshHosts,
      Path config,
      int port)
      throws IOException {
    this.dir = dir;
    // Outside the lab's folder, which goes with the lab: the logs stay for a look afterwards.
    this.logs = Files.createTempDirectory("hangar-faults-logs-");
    this.disk = disk;
    this.created = created;
    this.databaseLink = databaseLink;
    this.sshHosts = sshHosts;
    this.config = config;
    this.port = port;
    List<String> names = new ArrayList<>(List.of(LOCALHOST));
    sshHosts.forEach(h -> names.add(h.address()));
    this.hostNames = List.copyOf(names);
  }

  /**
   * Builds the lab's parts that outlive its processes: folder, disk, database, hosts, config.
   *
   * @param sshHosts hosts under test beside {@code localhost}, each an sshd on 127.0.0.(51+i)
   */
  static FaultLab create(DbType type, int sshHosts) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("hangar-faults-");
    // Sessions' commands may run as another user: they must reach the hold script and runs/.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<AutoCloseable> made = new ArrayList<>();
    try {
      DataDisk disk = DataDisk.mount(dir.resolve("disk"), DISK_MB);
      made.add(disk);
      DatabaseSettings created = TestDatabases.fresh(type);
      made.add(() -> TestDatabases.drop(created));
      TcpProxy link = null;
      DatabaseSettings seen = created;
      if (type != DbType.H2) {
        link = TcpProxy.to(new InetSocketAddress(created.host(), created.portOrDefault()));
        made.add(link);
        seen =
            new DatabaseSettings(
                type,
                "127.0.0.1",
                link.port(),
                created.database(),
                created.user(),
                created.password());
      }
      List<OpenSshServer> hosts = new ArrayList<>();
      for (int i = 0; i < sshHosts; i++) {
        OpenSshServer host = OpenSshServer.start(dir.resolve("sshd-" + i), "127.0.0." + (51 + i));
        made.add(host);
        hosts.add(host);
      }
      Path config = writeConfig(dir, seen, hosts);
      Files.createDirectories(dir.resolve("release"));
      Path runs = Files.createDirectories(dir.resolve("runs"));
      Files.setPosixFilePermissions(runs, PosixFilePermissions.fromString("rwxrwxrwx"));
      Path hold =
          Files.writeString(Files.createDirectories(dir.resolve("bin")).resolve("hold"), HOLD);
      Files.setPosixFilePermissions(hold, PosixFilePermissions.fromString("rwxr-xr-x"));
      return new FaultLab(dir, disk, created, link, hosts, config, freePort());
    } catch (IOException | InterruptedException | RuntimeException e) {
      for (AutoCloseable part : made.reversed()) {
        try {
          part.close();
        } catch (Exception closing) {
          e.addSuppressed(closing);
        }
      }
      deleteTree(dir);
      throw e;
    }
  }

  private static Path writeConfig(Path dir, DatabaseSettings database, List<OpenSshServer> hosts)
      throws IOException {
    Path config =
        TestConfigs.write(
            dir.resolve("global_config.ini"),
            database,
            "tick_pause_sec: 0.2",
            // Short, so that a drone that never comes back is given up within a trial.
            "drone_lost_after_secs: 15");
    StringBuilder known = new StringBuilder();
    List<String> keys = new ArrayList<>();
    for (OpenSshServer host : hosts) {
      known.append(Files.readString(host.knownHosts(), UTF_8));
      keys.add(host.clientKey().toString());
    }
    if (!hosts.isEmpty()) {
      Path knownHosts = Files.writeString(dir.resolve("known_hosts"), known);
      Files.writeString(
          config,
          "\n[SSH]\nidentity_files: "
              + String.join(", ", keys)
              + "\nknown_hosts_file: "
              + knownHosts
              + "\n",
          StandardOpenOption.APPEND);
    }
    return config;
  }

  /** The lab's folder; its path is in the command line of everything the lab starts. */
  Path dir() {
    return dir;
  }

  /** The folder of the processes' logs, kept when the lab is taken down. */
  Path logs() {
    return logs;
  }

  /** The hosts under test, {@code localhost} first. */
  List<String> hosts() {
    return hostNames;
  }

  LabApi api() {
    return api;
  }

  boolean isH2() {
    return created.type() == DbType.H2;
  }

  DbType databaseType() {
    return created.type();
  }

  DataDisk disk() {
    return disk;
  }

  /** The control file of a test that notes its run under {@code runs/NAME} and holds. */
  String controlFile(String name, String trialRelease) {
    return "job.run_test('shell', command: '"
        + dir.resolve("bin/hold")
        + " "
        + runs(name)
        + " "
        + dir.resolve("release").resolve(trialRelease)
        + "')\n";
  }

  Path runs(String name) {
    return dir.resolve("runs").resolve(name);
  }

  /** Lets every test held under {@code trialRelease} end. */
  void release(String trialRelease) throws IOException {
    Path release = dir.resolve("release").resolve(trialRelease);
    if (!Files.exists(release)) {
      Files.createFile(release);
    }
  }

  /** The marker of the tests' own processes: the hold script's path. */
  String sessionMarker() {
    return dir.resolve("bin/hold").toString();
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
    if (wanted == Topology.SPLIT) {
      for (int i = 0; i < SCHEDULERS; i++) {
        schedulers.add(startScheduler());
      }
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
    for (int i = 0; i < schedulers.size(); i++) {
      if (!schedulers.get(i).isAlive()) {
        healed.add("scheduler " + (i + 1) + " started again");
        schedulers.set(i, startScheduler());
      }
    }
    if (dronePid().isEmpty()) {
      healed.add("localhost drone started again by the campaign");
      LocalDrone.create(droneDir(), config);
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
                data().toString(),
                "--config",
                config.toString()));
    if (topology == Topology.SPLIT) {
      args.add("--no-scheduler");
    }
    server = HangarProcess.start(log("server"), args.toArray(String[]::new));
    server.awaitOutput(READY, 1, START_UP);
    if (api == null) {
      api =
          new LabApi(
              "http://127.0.0.1:" + port,
              Files.readString(data().resolve("admin.token"), UTF_8).strip());
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

  /** Kills the first scheduler process; the second stands by. */
  void killScheduler() {
    schedulers.get(0).kill();
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
              process.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
            });
  }

  void killWorker() {
    worker.kill();
  }

  void startWorker() throws IOException {
    if (workerLink == null) {
      workerLink = TcpProxy.to(new InetSocketAddress("127.0.0.1", port));
    }
    Path droneDir = Files.createDirectories(dir.resolve("worker")).resolve("drone");
    worker =
        HangarProcess.start(
            log("worker"),
            "drone",
            "--dir",
            droneDir.toString(),
            "--master",
            "http://127.0.0.1:" + workerLink.port(),
            "--name",
            WORKER,
            "--token",
            workerToken,
            "--heartbeat",
            "1",
            "--config",
            config.toString());
    awaitDroneState(WORKER, "online", START_UP);
  }

  void cutWorkerLink() throws IOException {
    workerLink.cut();
  }

  void restoreWorkerLink() throws IOException {
    workerLink.restore();
  }

  void cutDatabase() throws IOException {
    databaseLink.cut();
  }

  void restoreDatabase() throws IOException {
    databaseLink.restore();
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
    Set<Long> pids = new HashSet<>();
    Stream.concat(Stream.of(server, worker), schedulers.stream())
        .filter(p -> p != null && p.isAlive())
        .forEach(p -> pids.add(p.pid()));
    dronePid().ifPresent(pids::add);
    pidOf(dir.resolve("worker/drone")).ifPresent(pids::add);
    for (OpenSshServer host : sshHosts) {
      try {
        pids.add(Long.parseLong(Files.readString(host.pidFile(), UTF_8).strip()));
      } catch (IOException | NumberFormatException e) {
        // not listening (yet): nothing of it to own
      }
    }
    return pids;
  }

  Optional<Long> dronePid() {
    return pidOf(droneDir());
  }

  private static Optional<Long> pidOf(Path droneDir) {
    if (!Files.exists(droneDir)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDrone.attach(droneDir).ping().pid());
    } catch (DroneUnreachableException e) {
      return Optional.empty();
    }
  }

  private Path data() {
    return disk.root().resolve("var");
  }

  private Path droneDir() {
    return data().resolve("drone");
  }

  private void populate() {
    for (int i = 0; i < hostNames.size(); i++) {
      int sshPort = i == 0 ? 0 : sshHosts.get(i - 1).port();
      expect(api.createHost(hostNames.get(i), sshPort), "create host " + hostNames.get(i));
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

  private HangarProcess startScheduler() {
    HangarProcess scheduler =
        HangarProcess.start(
            log("scheduler"),
            "scheduler",
            "--data",
            data().toString(),
            "--config",
            config.toString());
    scheduler.awaitOutput(SCHEDULER_RUNNING, 1, START_UP);
    return scheduler;
  }

  /** A fresh log file per process started, so that waiting for its output sees only its own. */
  private Path log(String role) {
    started++;
    return logs.resolve(String.format("%03d-%s.log", started, role));
  }

  private void stopProcesses() {
    if (worker != null) {
      worker.close();
      worker = null;
    }
    schedulers.forEach(HangarProcess::close);
    schedulers.clear();
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** Stops every process, cuts the proxies, unmounts the disk, drops the database. */
  @Override
  public void close() {
    List<Runnable> steps = new ArrayList<>();
    steps.add(this::stopProcesses);
    steps.add(() -> keepLog(droneDir().resolve("drone.log"), "localhost-drone.log"));
    steps.add(() -> keepLog(dir.resolve("worker/drone/drone.log"), "worker-drone.log"));
    steps.add(() -> shutdownDrone(droneDir()));
    steps.add(() -> shutdownDrone(dir.resolve("worker/drone")));
    steps.add(() -> closeQuietly(workerLink));
    steps.add(() -> closeQuietly(databaseLink));
    for (OpenSshServer host : sshHosts) {
      steps.add(() -> closeQuietly(host));
    }
    steps.add(
        () ->
            MarkedProcesses.withMarker(dir.toString())
                .forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly)));
    steps.add(disk::close);
    steps.add(() -> TestDatabases.drop(created));
    steps.add(() -> deleteTree(dir));
    RuntimeException failed = null;
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        if (failed == null) {
          failed = new IllegalStateException("taking the lab in " + dir + " down failed", e);
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  private void keepLog(Path log, String as) {
    try {
      if (Files.exists(log)) {
        Files.copy(log, logs.resolve(as), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep " + log, e);
    }
  }

  private static void shutdownDrone(Path droneDir) {
    if (pidOf(droneDir).isPresent()) {
      LocalDrone.attach(droneDir).shutdown();
    }
  }

  private static void closeQuietly(AutoCloseable part) {
    if (part == null) {
      return;
    }
    try {
      part.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot close " + part + ": " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
