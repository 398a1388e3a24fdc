package hangar.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.config.DatabaseSettings;
import hangar.drone.DroneUnreachableException;
import hangar.drone.LocalDrone;
import hangar.testing.CliRunner;
import hangar.testing.HangarProcess;
import hangar.testing.TestConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A server as an operator runs it, in processes of its own on H2: the all-in-one {@code hangar
 * server}, or {@code hangar server --no-scheduler} with a {@code hangar scheduler} sharing its
 * database. Closing stops the processes and the {@code localhost} drone they started.
 */
final class ServerProcesses implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_UP = Duration.ofSeconds(90);

  private final Path data;
  private final List<HangarProcess> processes;
  private final String url;
  private boolean hostCreated;

  private ServerProcesses(Path data, List<HangarProcess> processes, String url) {
    this.data = data;
    this.processes = processes;
    this.url = url;
  }

  /** The all-in-one server in {@code dir/var}, started with the given umask. */
  static ServerProcesses allInOne(Path dir, String umask) {
    Path data = dir.resolve("var");
    HangarProcess server =
        HangarProcess.startWithUmask(
            umask, dir.resolve("server.log"), serverArgs(dir, data, false).toArray(String[]::new));
    List<HangarProcess> started = new ArrayList<>(List.of(server));
    return new ServerProcesses(data, started, "http://127.0.0.1:" + port(server, started));
  }

  /** A frontend and a scheduler process sharing the H2 database of {@code dir/var}. */
  static ServerProcesses pair(Path dir) {
    Path data = dir.resolve("var");
    HangarProcess frontend =
        HangarProcess.start(
            dir.resolve("server.log"), serverArgs(dir, data, true).toArray(String[]::new));
    List<HangarProcess> started = new ArrayList<>(List.of(frontend));
    String url = "http://127.0.0.1:" + port(frontend, started);
    HangarProcess scheduler =
        HangarProcess.start(
            dir.resolve("scheduler.log"),
            "scheduler",
            "--data",
            data.toString(),
            "--config",
            dir.resolve("global_config.ini").toString());
    started.add(scheduler);
    try {
      scheduler.awaitOutput(Pattern.compile("Hangar scheduler .* running"), 1, START_UP);
    } catch (AssertionError e) {
      started.forEach(HangarProcess::close);
      throw e;
    }
    return new ServerProcesses(data, started, url);
  }

  private static List<String> serverArgs(Path dir, Path data, boolean frontendOnly) {
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), DatabaseSettings.defaults());
    List<String> args = HangarProcess.serverArgs(data, config);
    if (frontendOnly) {
      args.add("--no-scheduler");
    }
    return args;
  }

  private static String port(HangarProcess server, List<HangarProcess> started) {
    try {
      return server.awaitOutput(Pattern.compile("server ready on port (\\d+)"), 1, START_UP).get(0);
    } catch (AssertionError e) {
      started.forEach(HangarProcess::close);
      throw e;
    }
  }

  /** The data directory. */
  Path data() {
    return data;
  }

  /** The processes, the one serving HTTP first. */
  List<HangarProcess> processes() {
    return processes;
  }

  /** The pid of the {@code localhost} drone these processes started. */
  long dronePid() {
    return LocalDrone.attach(data.resolve("drone")).ping().pid();
  }

  /**
   * Runs a job of one shell command on {@code localhost} and waits until it completed.
   *
   * @return the job's results folder, relative to the results directory
   */
  String runJob(String command) throws IOException {
    if (!hostCreated) {
      cli("host", "create", "localhost");
      hostCreated = true;
    }
    Path control =
        Files.writeString(
            Files.createTempFile(data.getParent(), "job", ".control"),
            "job.run_test('shell', command: '" + command + "')\n");
    long id =
        JSON.readTree(
                cli("job", "create", "-m", "localhost", "-f", control.toString(), "j", "--json"))
            .get("id")
            .asLong();
    cli("job", "watch", Long.toString(id), "--timeout", "120");
    return id + "-admin";
  }

  /** Runs the CLI against these processes; fails the test if it fails. */
  String cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", url, "--token", token()));
    CliRunner.Result result = CliRunner.run(all.toArray(String[]::new));
    assertThat(result.exitCode()).as("hangar %s: %s%s", all, result.out(), result.err()).isZero();
    return result.out();
  }

  private String token() {
    try {
      return Files.readString(data.resolve("admin.token"), UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    processes.forEach(HangarProcess::close);
    try {
      LocalDrone.attach(data.resolve("drone")).shutdown();
    } catch (DroneUnreachableException e) {
      // none was started, or it is gone already
    }
  }
}
