package hangar.cli;

import static hangar.testing.ApiSamples.entry;
import static hangar.testing.ApiSamples.job;
import static org.assertj.core.api.Assertions.assertThat;

import hangar.testing.CliRunner.Result;
import hangar.testing.ContractServer.Reply;
import hangar.testing.ContractServer.Request;
import org.junit.jupiter.api.Test;

class JobWatchCommandTest extends CliTestSupport {
  private static final String JOB = "GET /api/v1/jobs/{id}";

  @Test
  void watch_prints_each_status_change_and_exits_0_when_the_job_completes() {
    server.reply(
        JOB,
        Reply.json(
            200, job("Queued", entry(7, "localhost", "Queued"), entry(8, "board7", "Queued"))),
        Reply.json(
            200, job("Running", entry(7, "localhost", "Running"), entry(8, "board7", "Queued"))),
        Reply.json(
            200, job("Running", entry(7, "localhost", "Running"), entry(8, "board7", "Queued"))),
        Reply.json(
            200, job("Running", entry(7, "localhost", "Completed"), entry(8, "board7", "Running"))),
        Reply.json(
            200,
            job("Completed", entry(7, "localhost", "Completed"), entry(8, "board7", "Completed"))));

    Result result = hangar("job", "watch", "3", "--interval", "0.01");

    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            """
            job 3 localhost: Queued
            job 3 board7: Queued
            job 3 localhost: Running
            job 3 localhost: Completed
            job 3 board7: Running
            job 3 board7: Completed
            job 3 finished: Completed
            """);
    assertThat(server.requests()).hasSize(5);
    assertThat(server.requests()).extracting(Request::path).containsOnly("/api/v1/jobs/3");
  }

  @Test
  void watch_exits_1_when_the_job_fails() {
    server.reply(
        JOB,
        Reply.json(200, job("Running", entry(7, "localhost", "Running"))),
        Reply.json(200, job("Failed", entry(7, "localhost", "Failed"))));

    Result result = hangar("job", "watch", "3", "--interval", "0.01");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .isEqualTo(
            """
            job 3 localhost: Running
            job 3 localhost: Failed
            job 3 finished: Failed
            """);
  }

  @Test
  void watch_exits_1_when_the_job_was_aborted() {
    server.reply(JOB, Reply.json(200, job("Aborted", entry(7, "localhost", "Aborted"))));

    assertThat(hangar("job", "watch", "3").exitCode()).isEqualTo(1);
  }

  @Test
  void watch_exits_3_with_a_message_when_the_timeout_passes() {
    server.reply(JOB, Reply.json(200, job("Running", entry(7, "localhost", "Running"))));

    Result result = hangar("job", "watch", "3", "--timeout", "0.2", "--interval", "0.02");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out()).isEqualTo("job 3 localhost: Running\n");
    assertThat(result.err())
        .isEqualTo(
            "job 3 is still Running after 0.2 s; watch it longer with --timeout, or look at it"
                + " with 'hangar job stat 3'\n");
    assertThat(server.requests().size()).isGreaterThan(1);
  }

  @Test
  void watch_with_a_zero_interval_is_a_usage_error() {
    assertThat(hangar("job", "watch", "3", "--interval", "0").exitCode()).isEqualTo(2);
    assertThat(hangar("job", "watch", "3", "--timeout", "-1").exitCode()).isEqualTo(2);
    assertThat(server.requests()).isEmpty();
  }
}
