package hangar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.Main;
import hangar.autoserv.SessionOutcome;
import hangar.autoserv.Verdict;
import hangar.drone.DroneDaemon;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DroneCommandTest {
  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void status_of_a_folder_without_daemon_says_it_cannot_reach_it() {
    int status = run("drone", "--dir", tmp.toString(), "--status");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).contains("cannot reach the drone").contains("drone.log");
  }

  @Test
  void stop_of_a_folder_without_daemon_says_none_runs() {
    int status = run("drone", "--dir", tmp.toString(), "--stop");

    assertThat(status).isZero();
    assertThat(out.toString()).contains("no drone runs in " + tmp);
  }

  @Test
  void status_lists_the_daemon_and_its_sessions_and_stop_stops_it() throws Exception {
    DroneDaemon daemon =
        DroneDaemon.start(tmp, spec -> new SessionOutcome(Verdict.GOOD, ""), Clock.systemUTC());
    try {
      assertThat(run("drone", "--dir", tmp.toString(), "--status")).isZero();
      assertThat(out.toString())
          .contains("pid " + ProcessHandle.current().pid())
          .contains("SESSION");

      assertThat(run("drone", "--dir", tmp.toString(), "--stop")).isZero();
      assertThat(daemon.awaitStopped(Duration.ofSeconds(30))).isTrue();
    } finally {
      daemon.close();
    }
  }

  @Test
  void stop_and_status_together_are_refused() {
    int status = run("drone", "--dir", tmp.toString(), "--stop", "--status");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("mutually exclusive");
  }

  @Test
  void help_describes_the_folder_and_the_actions() {
    assertThat(run("drone", "--help")).isZero();

    assertThat(out.toString())
        .contains("--dir=DIR", "--stop", "--status", "hangar drone list")
        .doesNotContain("--runner");
  }

  @Test
  void drone_without_dir_or_action_is_a_usage_error_that_names_both() {
    int status = run("drone");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("'--dir=DIR'").contains("hangar drone list");
  }

  @Test
  void drone_list_without_a_server_says_it_cannot_reach_it() {
    int status = run("drone", "list", "--server", "http://127.0.0.1:9");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).contains("cannot reach the Hangar server at http://127.0.0.1:9");
  }

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
