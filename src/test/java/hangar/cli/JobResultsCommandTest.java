package hangar.cli;

import static hangar.testing.ApiSamples.file;
import static hangar.testing.ApiSamples.folder;
import static hangar.testing.ApiSamples.listing;
import static org.assertj.core.api.Assertions.assertThat;

import hangar.testing.CliRunner.Result;
import hangar.testing.ContractServer.Reply;
import hangar.testing.ContractServer.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JobResultsCommandTest extends CliTestSupport {
  private static final String RESULTS = "GET /results/<path>";
  private static final String STATUS_LOG = "START\t----\tsleeptest\nEND GOOD\t----\tsleeptest\n";

  @Test
  void results_without_a_path_lists_the_job_folder_recursively_as_json() {
    server.reply(
        RESULTS,
        Reply.json(200, listing("3-admin/", file("control", 40), folder("localhost"))),
        Reply.json(200, listing("3-admin/localhost/", file("status.log", 812), folder("debug"))),
        Reply.json(200, listing("3-admin/localhost/debug/", file("autoserv.DEBUG", 2048))));

    Result result = hangar("job", "results", "3");

    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "Results of job 3 at "
                + server.url()
                + "/results/3-admin/\n"
                + """
                Path                            Size
                control                         40
                localhost/
                localhost/status.log            812
                localhost/debug/
                localhost/debug/autoserv.DEBUG  2048
                """);
    assertThat(server.requests())
        .extracting(Request::path)
        .containsExactly(
            "/api/v1/jobs/3",
            "/results/3-admin/",
            "/results/3-admin/localhost/",
            "/results/3-admin/localhost/debug/");
    assertThat(server.requests()).extracting(Request::accept).containsOnly("application/json");
    assertThat(server.requests())
        .extracting(Request::authorization)
        .containsOnly("Bearer " + FILE_TOKEN);
  }

  @Test
  void results_depth_limits_how_far_the_listing_goes() {
    server.reply(RESULTS, Reply.json(200, listing("3-admin/", folder("localhost"))));

    Result result = hangar("job", "results", "3", "--depth", "1");

    assertThat(result.out()).endsWith("Path        Size\nlocalhost/\n");
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void results_with_a_file_path_prints_the_file() {
    server.reply(RESULTS, Reply.text(200, STATUS_LOG));

    Result result = hangar("job", "results", "3", "localhost/status.log");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo(STATUS_LOG);
    Request request = server.requests().get(1);
    assertThat(request.path()).isEqualTo("/results/3-admin/localhost/status.log");
    assertThat(request.accept()).isEqualTo("*/*");
  }

  @Test
  void results_with_a_folder_path_lists_that_folder() {
    server.reply(RESULTS, Reply.json(200, listing("3-admin/localhost/", file("keyval", 10))));

    Result result = hangar("job", "results", "3", "localhost/");

    assertThat(result.out()).endsWith("keyval  10\n");
    assertThat(server.requests().get(1).path()).isEqualTo("/results/3-admin/localhost/");
  }

  @Test
  void results_output_writes_the_file_bytes() throws Exception {
    server.reply(RESULTS, Reply.text(200, STATUS_LOG));
    Path target = dir.resolve("status.log");

    Result result = hangar("job", "results", "3", "localhost/status.log", "-o", target.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(Files.readString(target)).isEqualTo(STATUS_LOG);
  }

  @Test
  void results_of_a_missing_file_prints_the_api_title() {
    server.reply(
        RESULTS,
        Reply.json(
            404,
            hangar.testing.ApiSamples.error(404, "NOT_FOUND", "3-admin/localhost/nope not found")));

    Result result = hangar("job", "results", "3", "localhost/nope");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("3-admin/localhost/nope not found\n");
  }

  @Test
  void results_refuses_a_path_that_leaves_the_job_folder() {
    Result result = hangar("job", "results", "3", "../4-bob/control");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("must stay inside the job's results folder");
    assertThat(server.requests()).isEmpty();
  }
}
