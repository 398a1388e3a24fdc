package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.config.GlobalConfig;
import hangar.drone.LocalDrone;
import hangar.testing.CliRunner;
import hangar.testing.Polling;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session started by one server process finishes under the next one, and runs once. */
class ServerRestartTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private ServerRole server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.closeWithDrone();
    }
  }

  @Test
  void a_running_session_outlives_a_server_restart_and_is_not_run_twice() throws IOException {
    GlobalConfig config = fastTicks();
    Path data = dir.resolve("var");
    server = ServerRole.start(config, data, "127.0.0.1", 0, Clock.systemUTC());
    cli("host", "create", "localhost");
    Path control = dir.resolve("slow.control");
    Files.writeString(control, "job.run_test('shell', command: 'sleep 3')\n");
    long id =
        JSON.readTree(
                cli("job", "create", "-m", "localhost", "-f", control.toString(), "slow", "--json"))
            .get("id")
            .asLong();
    Polling.await(
        "job to run",
        () -> Optional.of(stat(id)).filter(j -> j.get("status").asText().equals("Running")));
    long dronePid = LocalDrone.attach(data.resolve("drone")).ping().pid();

    server.close();
    server = ServerRole.start(config, data, "127.0.0.1", 0, Clock.systemUTC());

    assertThat(
            CliRunner.run(withServer("job", "watch", Long.toString(id), "--timeout", "120"))
                .exitCode())
        .isZero();
    assertThat(LocalDrone.attach(data.resolve("drone")).ping().pid()).isEqualTo(dronePid);
    String log = Files.readString(server.resultsDir().resolve(id + "-admin/localhost/status.log"));
    assertThat(count(log, "\tSTART\tshell\tshell\t")).isEqualTo(1);
    assertThat(log).contains("END GOOD\t----\t----");
  }

  private GlobalConfig fastTicks() throws IOException {
    Path file = dir.resolve("global_config.ini");
    Files.writeString(file, "[SCHEDULER]\ntick_pause_sec: 0.2\n");
    return GlobalConfig.load(file);
  }

  private JsonNode stat(long id) {
    try {
      return JSON.readTree(cli("job", "stat", Long.toString(id), "--json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String cli(String... args) {
    CliRunner.Result result = CliRunner.run(withServer(args));
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result.out();
  }

  private String[] withServer(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 4);
    all[args.length] = "--server";
    all[args.length + 1] = "http://127.0.0.1:" + server.port();
    all[args.length + 2] = "--token";
    all[args.length + 3] = server.adminToken();
    return all;
  }

  private static int count(String text, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
