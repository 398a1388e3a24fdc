package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.config.GlobalConfig;
import hangar.drone.LocalDrone;
import hangar.testing.CliRunner;
import hangar.testing.Polling;
import hangar.testing.SessionProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server starts its {@code localhost} drone daemon again when it dies: the entry it ran ends
 * with a reason, the session's processes die with the daemon, and new jobs run.
 */
class DroneSupervisionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private ServerRole server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.closeWithDrone();
    }
    SessionProcesses.killAll("313.71");
  }

  @Test
  void a_killed_drone_daemon_is_started_again_and_its_job_ends_with_a_reason() throws Exception {
    Path data = dir.resolve("var");
    Path file = dir.resolve("global_config.ini");
    Files.writeString(file, "[SCHEDULER]\ntick_pause_sec: 0.2\n");
    server = ServerRole.start(GlobalConfig.load(file), data, "127.0.0.1", 0, Clock.systemUTC());
    cli("host", "create", "localhost");
    long slow = createJob("slow", "job.run_test('shell', command: 'sleep 313.71 & sleep 313.71')");
    awaitStatus(slow, "Running");
    Polling.await(
        "the session's sleeps to run",
        () -> Optional.of(true).filter(b -> SessionProcesses.count("sleep 313.71") >= 2));
    LocalDrone drone = LocalDrone.attach(data.resolve("drone"));
    long killed = drone.ping().pid();

    ProcessHandle.of(killed).orElseThrow().destroyForcibly();

    long back =
        Polling.await(
            "the drone daemon to be started again",
            Duration.ofSeconds(30),
            () -> {
              try {
                return Optional.of(drone.ping().pid()).filter(pid -> pid != killed);
              } catch (hangar.drone.DroneUnreachableException e) {
                return Optional.empty();
              }
            });
    assertThat(back).isNotEqualTo(killed);
    JsonNode failed = awaitStatus(slow, "Failed");
    assertThat(failed.toString())
        .contains("the drone daemon died (pid " + killed + ") while the session ran");
    Polling.await(
        "the session's sleeps to die with the daemon",
        () -> Optional.of(true).filter(b -> SessionProcesses.count("313.71") == 0));

    long next = createJob("next", "job.run_test('shell', command: 'true')");
    awaitStatus(next, "Completed");
  }

  private long createJob(String name, String control) throws IOException {
    Path controlFile = dir.resolve(name + ".control");
    Files.writeString(controlFile, control + "\n");
    return JSON.readTree(
            cli("job", "create", "-m", "localhost", "-f", controlFile.toString(), name, "--json"))
        .get("id")
        .asLong();
  }

  private JsonNode awaitStatus(long id, String status) {
    return Polling.await(
        "job " + id + " to be " + status,
        Duration.ofSeconds(60),
        Duration.ofMillis(200),
        () -> Optional.of(stat(id)).filter(j -> j.get("status").asText().equals(status)));
  }

  private JsonNode stat(long id) {
    try {
      return JSON.readTree(cli("job", "stat", Long.toString(id), "--json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String cli(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 4);
    all[args.length] = "--server";
    all[args.length + 1] = "http://127.0.0.1:" + server.port();
    all[args.length + 2] = "--token";
    all[args.length + 3] = server.adminToken();
    CliRunner.Result result = CliRunner.run(all);
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result.out();
  }
}
