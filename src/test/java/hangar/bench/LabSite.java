package hangar.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.testing.DataDisk;
import hangar.testing.MarkedProcesses;
import hangar.testing.OpenSshServer;
import hangar.testing.TcpProxy;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a fault lab runs, the parts of it that outlive its processes: a folder whose path is in the
 * command line of everything the lab starts (its marker), a tmpfs data disk, a fresh database
 * (PostgreSQL and MariaDB reached through a loopback proxy the campaign can cut), hosts under test
 * that are real sshd daemons on loopback addresses beside {@code localhost}, the config, and the
 * tests' hold script with the files that record their runs. {@link #close()} removes all of it, and
 * kills any process still carrying the marker.
 */
final class LabSite implements AutoCloseable {
  static final String LOCALHOST = "localhost";
  // Big enough that the results and the H2 file of a thousand trials fit beside the hosts'
  // minimum free space below (a gather-cut trial keeps 4 MB of results); the disk-full fault
  // fills it whatever its size. A tmpfs takes memory only for what is written to it.
  private static final int DISK_MB = 1536;
  // The test holds until the trial releases it (at most 60 s), after noting its run; then prints
  // as many bytes as asked, which its results keep.
  private static final String HOLD =
      """
      #!/bin/sh
      # hold RUNS RELEASE [BYTES]: notes one run of a test in RUNS, waits for RELEASE (60 s at
      # most), then prints BYTES random bytes
      echo "$$ $(date +%s.%N)" >> "$1"
      i=0
      while [ ! -e "$2" ] && [ "$i" -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
      if [ "${3:-0}" -gt 0 ]; then head -c "$3" /dev/urandom; fi
      """;

  private final Path dir;
  private final DataDisk disk;
  private final DatabaseSettings created;
  private final TcpProxy databaseLink;
  private final List<OpenSshServer> sshHosts;
  private final Path config;

  private LabSite(
      Path dir,
      DataDisk disk,
      DatabaseSettings created,
      TcpProxy databaseLink,
      List<OpenSshServer> sshHosts,
      Path config) {
    this.dir = dir;
    this.disk = disk;
    this.created = created;
    this.databaseLink = databaseLink;
    this.sshHosts = List.copyOf(sshHosts);
    this.config = config;
  }

  /**
   * Makes the folder, the disk, the database, the hosts and the config.
   *
   * @param sshHosts hosts under test beside {@code localhost}, each an sshd on 127.0.0.(51+i)
   */
  static LabSite create(DbType type, int sshHosts) throws IOException, InterruptedException {
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
      return new LabSite(dir, disk, created, link, hosts, config);
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
    // The hosts under test are this machine: their results and temporary folders are on the lab's
    // small disk, so their verify asks for less free space than a real host's 100 MB.
    Files.writeString(config, "\n[AUTOSERV]\nmin_free_disk_mb: 16\n", StandardOpenOption.APPEND);
    return config;
  }

  /** The folder; its path is in the command line of everything the lab starts. */
  Path dir() {
    return dir;
  }

  Path config() {
    return config;
  }

  /** The server's data directory, on the data disk. */
  Path data() {
    return disk.root().resolve("var");
  }

  DataDisk disk() {
    return disk;
  }

  boolean isH2() {
    return created.type() == DbType.H2;
  }

  /** The hosts under test, {@code localhost} first. */
  List<String> hosts() {
    List<String> names = new ArrayList<>(List.of(LOCALHOST));
    sshHosts.forEach(h -> names.add(h.address()));
    return names;
  }

  /** The SSH port of a host under test; 0 for {@code localhost}. */
  int sshPort(String host) {
    return sshHosts.stream()
        .filter(h -> h.address().equals(host))
        .mapToInt(OpenSshServer::port)
        .findFirst()
        .orElse(0);
  }

  /** The pids of the listening sshd daemons. */
  List<Long> sshdPids() {
    List<Long> pids = new ArrayList<>();
    for (OpenSshServer host : sshHosts) {
      try {
        pids.add(Long.parseLong(Files.readString(host.pidFile(), UTF_8).strip()));
      } catch (IOException | NumberFormatException e) {
        // not listening (yet): nothing of it to own
      }
    }
    return pids;
  }

  void cutDatabase() throws IOException {
    databaseLink.cut();
  }

  void restoreDatabase() throws IOException {
    databaseLink.restore();
  }

  /**
   * The control file of a test that notes its run under {@code runs/NAME}, holds until released,
   * then prints {@code bytes} bytes into its results.
   */
  String controlFile(String name, String trialRelease, int bytes) {
    return "job.run_test('shell', command: '"
        + dir.resolve("bin/hold")
        + " "
        + runs(name)
        + " "
        + dir.resolve("release").resolve(trialRelease)
        + " "
        + bytes
        + "')\n";
  }

  /** The file where the test of job NAME notes each of its runs, one line each. */
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

  /** Cuts the database proxy, stops the sshd daemons, kills what carries the marker, cleans up. */
  @Override
  public void close() {
    List<Runnable> steps = new ArrayList<>();
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
    runAll(steps, "taking the lab site in " + dir + " down failed");
  }

  /** Runs every step, even after one failed, and throws the first failure with the others. */
  static void runAll(List<Runnable> steps, String what) {
    RuntimeException failed = null;
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException e) {
        if (failed == null) {
          failed = new IllegalStateException(what, e);
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    if (failed != null) {
      throw failed;
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

  /** Deletes a folder and all under it; nothing for one that is not there. */
  static void deleteTree(Path root) {
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
}
