package hangar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.testing.CliRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hangar drone --master}: a heartbeat the server would refuse is refused at once. */
class DroneWorkerOptionsTest {
  @TempDir Path dir;

  private CliRunner.Result worker(String heartbeat) {
    return CliRunner.run(
        "drone",
        "--dir",
        dir.resolve("drone").toString(),
        "--master",
        "http://127.0.0.1:1",
        "--name",
        "w1",
        "--token",
        "hw_x",
        "--heartbeat",
        heartbeat);
  }

  @Test
  void a_heartbeat_of_zero_or_over_a_day_is_refused_before_anything_starts() {
    for (String heartbeat : new String[] {"0", "86401"}) {
      CliRunner.Result result = worker(heartbeat);
      assertThat(result.exitCode()).as(heartbeat).isNotZero();
      assertThat(result.err())
          .as(heartbeat)
          .contains("--heartbeat must be from 1 second to 86400 seconds (one day)");
    }
    assertThat(dir.resolve("drone")).doesNotExist();
  }
}
