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
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/hangar server} started as users start it (same launcher, same JVM options), on a free
 * loopback port, with a data folder and a fresh database of its own; closing it stops the server,
 * its {@code localhost} drone and drops the database. For the benchmarks that measure a whole
 * server.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("server ready on port (\\d+)");
  // bin/hangar builds the distribution first when the sources are newer than it.
  private static final Duration START_UP = Duration.ofMinutes(10);

  private final Path dir;
  private final DbType db;
  private final DatabaseSettings database;
  private final Path data;
  private final Process process;
  private final String url;
  private final String token;
  private final Duration startedIn;

  private ServerProcess(
      Path dir,
      DbType db,
      DatabaseSettings database,
      Process process,
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
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of("bin/hangar").toAbsolutePath().toString(),
                "server",
                "--bind",
                "127.0.0.1",
                "--port",
                "0",
                "--data",
                dir.resolve("var").toString(),
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(environment);
    Process process = builder.start();
    String port;
    try {
      port = awaitPort(process, log);
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

  private static String awaitPort(Process server, Path log)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_UP);
    while (Instant.now().isBefore(deadline)) {
      Matcher m = READY.matcher(Files.readString(log, UTF_8));
      if (m.find()) {
        return m.group(1);
      }
      if (!server.isAlive()) {
        throw new IllegalStateException(
            "the server ended with status "
                + server.exitValue()
                + " before it was ready:\n"
                + Files.readString(log, UTF_8));
      }
      Thread.sleep(20); // the log is a file; nothing to wait on but its next read
    }
    throw new IllegalStateException(
        "the server was not ready after " + START_UP + ":\n" + Files.readString(log, UTF_8));
  }

  /** Stops the server and the {@code localhost} drone it started, which outlives it by design. */
  private static void stop(Process server, Path data) throws InterruptedException {
    server.destroy();
    if (!server.waitFor(60, TimeUnit.SECONDS)) {
      server.destroyForcibly();
      server.waitFor();
    }
    try {
      LocalDrone.attach(data.resolve("drone")).shutdown();
    } catch (DroneUnreachableException e) {
      System.err.println("benchmark: no drone to stop (" + e.getMessage() + ")");
    }
  }
}
