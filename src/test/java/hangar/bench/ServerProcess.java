package hangar.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.drone.DroneUnreachableException;
import hangar.drone.LocalDrone;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code bin/hangar server} started as users start it (same launcher, same JVM options), on a free
 * loopback port, with a data folder and a fresh database of its own; closing it stops the server,
 * its {@code localhost} drone and drops the database. For the benchmarks that measure a whole
 * server.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("server ready on port (\\d+)");

  private final Path dir;
  private final DbType db;
  private final DatabaseSettings database;
  private final Path data;
  private final RoleProcess process;
  private final String url;
  private final String token;
  private final Duration startedIn;

  private ServerProcess(
      Path dir,
      DbType db,
      DatabaseSettings database,
      RoleProcess process,
      String url,
      Duration startedIn)
      throws IOException {
    this.dir = dir;
    this.db = db;
    this.database = database;
    this.data = dir.resolve("var");
    this.process = process;
    this.url = url;
    this.startedIn = startedIn;
    this.token = Files.readString(data.resolve("admin.token"), UTF_8).strip();
  }

  /**
   * Starts a server on {@code db} (a fresh database; H2 in the data folder) with these {@code
   * [SCHEDULER]} lines, and waits until it says it is ready.
   *
   * @param environment added to the server's environment (such as {@code HANGAR_JAVA_OPTS})
   */
  static ServerProcess start(DbType db, Map<String, String> environment, String... schedulerLines)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("hangar-bench-server");
    DatabaseSettings database =
        db == DbType.H2 ? DatabaseSettings.defaults() : TestDatabases.fresh(db);
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), database, schedulerLines);
    Path log = dir.resolve("server.log");
    long started = System.nanoTime();
    RoleProcess process =
        RoleProcess.launch(
            log,
            environment,
            hangar.testing.HangarProcess.serverArgs(dir.resolve("var"), config)
                .toArray(String[]::new));
    String port;
    try {
      port = process.await(READY).group(1);
    } catch (IOException | RuntimeException | InterruptedException e) {
      stop(process, dir.resolve("var"));
      throw e;
    }
    ServerProcess server =
        new ServerProcess(
            dir,
            db,
            database,
            process,
            "http://127.0.0.1:" + port,
            Duration.ofNanos(System.nanoTime() - started));
    System.err.printf(
        Locale.ROOT,
        "benchmark: server pid %d on port %s (%s), JVM: %s%n",
        server.pid(),
        port,
        db.name().toLowerCase(Locale.ROOT),
        Files.readString(Path.of("/proc/" + server.pid() + "/cmdline"), UTF_8)
            .replace('\0', ' ')
            .strip());
    return server;
  }

  /** The server's JVM: bin/hangar execs it, so the process started is the JVM. */
  long pid() {
    return process.pid();
  }

  String url() {
    return url;
  }

  String token() {
    return token;
  }

  /** The data folder ({@code --data}). */
  Path data() {
    return data;
  }

  /** The server's log (its standard output and error). */
  Path log() {
    return dir.resolve("server.log");
  }

  /** From the launch of {@code bin/hangar} to the server's "ready" line. */
  Duration startedIn() {
    return startedIn;
  }

  /** A {@code /proc/PID/status} field of the server, in kB or as a count. */
  long status(String field) {
    return status(pid(), field);
  }

  /** A {@code /proc/PID/status} field of a process, in kB or as a count. */
  static long status(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).strip().split("\\s+")[0]);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read /proc/" + pid + "/status; did the server end? " + e, e);
    }
    throw new IllegalStateException(field + " missing from /proc/" + pid + "/status");
  }

  @Override
  public void close() throws InterruptedException {
    stop(process, data);
    if (db != DbType.H2) {
      TestDatabases.drop(database);
    }
    LabSite.deleteTree(dir);
  }

  /** Stops the server and the {@code localhost} drone it started, which outlives it by design. */
  private static void stop(RoleProcess server, Path data) throws InterruptedException {
    server.close();
    try {
      LocalDrone.attach(data.resolve("drone")).shutdown();
    } catch (DroneUnreachableException e) {
      System.err.println("benchmark: no drone to stop (" + e.getMessage() + ")");
    }
  }
}
