package hangar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.testing.ApiSamples;
import hangar.testing.CliRunner.Result;
import hangar.testing.ContractServer.Reply;
import hangar.testing.ContractServer.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JobCommandTest extends CliTestSupport {
  private static final String CONTROL = "job.run_test('sleeptest', seconds: 1)\n";

  private Path controlFile() throws IOException {
    return Files.writeString(dir.resolve("control"), CONTROL, StandardCharsets.UTF_8);
  }

  @Test
  void create_reads_the_control_file_and_posts_every_option_given() throws Exception {
    Result result =
        hangar(
            "job",
            "create",
            "-m",
            "localhost,board7",
            "-f",
            controlFile().toString(),
            "-s",
            "-p",
            "high",
            "-e",
            "a@example.org,b@example.org",
            "-y",
            "2",
            "--timeout-minutes",
            "60",
            "--max-runtime-minutes",
            "30",
            "--run-verify",
            "--reboot-before",
            "if dirty",
            "--reboot-after",
            "if all tests passed",
            "-d",
            "x86_64,usb",
            "first");

    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    Request request = server.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/v1/jobs");
    assertThat(request.authorization()).isEqualTo("Bearer " + FILE_TOKEN);
    assertThat(request.json())
        .isEqualTo(
            ApiClient.JSON.readTree(
                """
                {"name": "first", "control_file": "job.run_test('sleeptest', seconds: 1)\\n",
                 "control_type": "Server", "hosts": ["localhost", "board7"], "priority": 2,
                 "synch_count": 2, "timeout_minutes": 60, "max_runtime_minutes": 30,
                 "run_verify": true, "reboot_before": "If dirty",
                 "reboot_after": "If all tests passed", "email_list": "a@example.org,b@example.org",
                 "dependencies": ["x86_64", "usb"]}"""));
  }

  @Test
  void create_with_only_the_required_options_leaves_the_rest_to_the_server() throws Exception {
    Result result =
        hangar("job", "create", "-m", "localhost", "-f", controlFile().toString(), "first");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo("Created job 3 (first) on localhost; follow it with 'hangar job watch 3'\n");
    assertThat(server.onlyRequest().json())
        .isEqualTo(
            ApiClient.JSON.readTree(
                """
                {"name": "first", "control_file": "job.run_test('sleeptest', seconds: 1)\\n",
                 "control_type": "Client", "hosts": ["localhost"]}"""));
  }

  @Test
  void create_on_an_atomic_group_posts_the_group_and_no_host() throws Exception {
    Result result =
        hangar("job", "create", "-G", "rack1", "-y", "2", "-f", controlFile().toString(), "j");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "Created job 3 (j) on atomic group rack1; follow it with 'hangar job watch 3'\n");
    assertThat(server.onlyRequest().json().path("atomic_group").asText()).isEqualTo("rack1");
    assertThat(server.onlyRequest().json().path("synch_count").asInt()).isEqualTo(2);
    assertThat(server.onlyRequest().json().path("hosts")).isEmpty();
  }

  @Test
  void create_on_an_atomic_group_with_hosts_is_a_usage_error() throws Exception {
    Result result =
        hangar("job", "create", "-G", "rack1", "-m", "board7", "-f", controlFile().toString(), "j");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("-G takes its hosts from the atomic group's labels");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void create_no_run_verify_sends_false() throws Exception {
    hangar(
        "job", "create", "-m", "localhost", "-f", controlFile().toString(), "--no-run-verify", "j");

    assertThat(server.onlyRequest().json().path("run_verify").isBoolean()).isTrue();
    assertThat(server.onlyRequest().json().path("run_verify").asBoolean()).isFalse();
  }

  @Test
  void create_with_json_prints_the_created_job() throws Exception {
    Result result =
        hangar(
            "job", "create", "-m", "localhost", "-f", controlFile().toString(), "first", "--json");

    assertThat(result.exitCode()).isZero();
    assertThat(ApiClient.JSON.readTree(result.out()).path("id").asLong()).isEqualTo(3);
    assertThat(ApiClient.JSON.readTree(result.out()))
        .isEqualTo(ApiClient.JSON.readTree(ApiSamples.job("Queued")));
  }

  @Test
  void create_with_a_missing_control_file_is_a_usage_error_and_sends_nothing() {
    Result result =
        hangar("job", "create", "-m", "localhost", "-f", dir.resolve("nope").toString(), "j");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("cannot read the control file").contains("nope");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void create_with_an_unknown_priority_is_a_usage_error() throws Exception {
    Result result =
        hangar(
            "job", "create", "-m", "localhost", "-f", controlFile().toString(), "-p", "asap", "j");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("unknown Priority 'asap'").contains("urgent");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void create_batch_sends_every_job_of_the_file_with_its_control_file_read_once() throws Exception {
    controlFile();
    Path batch =
        Files.writeString(
            dir.resolve("jobs.jsonl"),
            """
            # nightly
            {"name": "a", "control_file_path": "control", "hosts": ["board1"]}

            {"name": "b", "control_file": "exit 0", "meta_hosts": ["arm"], "priority": 2}
            """,
            StandardCharsets.UTF_8);

    Result result = hangar("job", "create", "--batch", batch.toString());

    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "Created 2 jobs from " + batch + ": ids 3 to 4; list them with 'hangar job list'\n");
    Request request = server.onlyRequest();
    assertThat(request.path()).isEqualTo("/api/v1/jobs:batch");
    assertThat(request.json())
        .isEqualTo(
            ApiClient.JSON.readTree(
                """
                {"jobs": [
                  {"name": "a", "hosts": ["board1"],
                   "control_file": "job.run_test('sleeptest', seconds: 1)\\n"},
                  {"name": "b", "control_file": "exit 0", "meta_hosts": ["arm"], "priority": 2}]}                """));
  }

  @Test
  void create_batch_reads_a_json_array_and_sends_a_thousand_jobs_a_request() throws Exception {
    StringBuilder array = new StringBuilder("[");
    for (int i = 0; i < 1500; i++) {
      array.append(i == 0 ? "" : ",").append("{\"name\": \"j").append(i).append("\"}");
    }
    Path batch = Files.writeString(dir.resolve("jobs.json"), array.append("]"));
    server.reply(
        "POST /api/v1/jobs:batch",
        Reply.json(201, "{\"created\": 1000, \"ids\": [1, 1000]}"),
        Reply.json(201, "{\"created\": 500, \"ids\": [1001, 1500]}"));

    Result result = hangar("job", "create", "--batch", batch.toString(), "--json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(server.requests()).hasSize(2);
    assertThat(server.requests().get(0).json().path("jobs")).hasSize(1000);
    assertThat(server.requests().get(1).json().path("jobs")).hasSize(500);
    assertThat(server.requests().get(1).json().at("/jobs/0/name").asText()).isEqualTo("j1000");
    assertThat(ApiClient.JSON.readTree(result.out()).path("ids").toString())
        .isEqualTo("[1,1000,1001,1500]");
  }

  @Test
  void create_batch_refuses_a_bad_file_before_sending_anything() throws Exception {
    Path notJson = Files.writeString(dir.resolve("bad.jsonl"), "{\"name\": \"a\"}\n{oops\n");
    Path missing =
        Files.writeString(
            dir.resolve("missing.jsonl"), "{\"name\": \"a\", \"control_file_path\": \"nope\"}\n");

    Result bad = hangar("job", "create", "--batch", notJson.toString());
    Result noControl = hangar("job", "create", "--batch", missing.toString());
    Result both = hangar("job", "create", "--batch", notJson.toString(), "-m", "board1", "x");

    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("line 2 of " + notJson + " is not JSON");
    assertThat(noControl.exitCode()).isEqualTo(2);
    assertThat(noControl.err())
        .contains("job 1 of 1 in " + missing + ": cannot read the control file");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("--batch FILE takes every job from the file");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void create_on_an_unknown_host_prints_the_api_title() throws Exception {
    server.reply(
        "POST /api/v1/jobs",
        Reply.json(
            404,
            ApiSamples.error(
                404, "NOT_FOUND", "host 'nope' not found; create it with 'hangar host create'")));

    Result result = hangar("job", "create", "-m", "nope", "-f", controlFile().toString(), "j");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo("host 'nope' not found; create it with 'hangar host create'\n");
  }

  @Test
  void create_takes_atests_machine_syntax_file_and_flags() throws Exception {
    Path mlist =
        Files.writeString(
            dir.resolve("machines"),
            "# lab shelf 3\nboard3  board1 # board1 again counts once\n\n3*arm\n",
            StandardCharsets.UTF_8);

    Result result =
        hangar(
            "job",
            "create",
            "-m",
            "board1 2*x86_64",
            "-m",
            "*arm,board2",
            "-M",
            mlist.toString(),
            "-t",
            "sleeptest,shell",
            "-o",
            "2",
            "--max_runtime",
            "1.5",
            "-n",
            "-B",
            "if dirty",
            "-a",
            "always",
            "--synch_count",
            "2",
            "first");

    assertThat(result.err()).isEmpty();
    assertThat(result.out())
        .isEqualTo(
            "Created job 3 (first) on board1, board2, board3, 2*x86_64, 4*arm;"
                + " follow it with 'hangar job watch 3'\n");
    assertThat(server.onlyRequest().json())
        .isEqualTo(
            ApiClient.JSON.readTree(
                """
                {"name": "first",
                 "control_file": "job.run_test('sleeptest')\\njob.run_test('shell')\\n",
                 "control_type": "Client", "hosts": ["board1", "board2", "board3"],
                 "meta_hosts": ["x86_64", "x86_64", "arm", "arm", "arm", "arm"],
                 "synch_count": 2, "timeout_minutes": 120, "max_runtime_minutes": 90,
                 "run_verify": false, "reboot_before": "If dirty", "reboot_after": "Always"}"""));
  }

  @Test
  void create_with_labels_runs_on_every_host_carrying_all_of_them() throws Exception {
    Result result =
        hangar("job", "create", "-b", "arm,usb", "-f", controlFile().toString(), "first");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(server.requests())
        .extracting(Request::method, Request::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("GET", "/api/v1/hosts"),
            org.assertj.core.groups.Tuple.tuple("POST", "/api/v1/jobs"));
    assertThat(server.requests().get(1).json().path("hosts"))
        .isEqualTo(ApiClient.JSON.readTree("[\"board7\"]"));
  }

  @Test
  void create_with_labels_no_host_carries_fails_and_creates_nothing() throws Exception {
    Result result =
        hangar("job", "create", "-b", "arm,x86_64", "-f", controlFile().toString(), "first");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("no host carries all of the labels arm, x86_64");
    assertThat(server.requests()).extracting(Request::method).containsExactly("GET");
  }

  @Test
  void create_needs_exactly_one_of_control_file_and_tests_and_somewhere_to_run() throws Exception {
    Result both =
        hangar("job", "create", "-m", "h", "-f", controlFile().toString(), "-t", "sleeptest", "j");
    Result neither = hangar("job", "create", "-m", "h", "j");
    Result nowhere = hangar("job", "create", "-t", "sleeptest", "j");
    Result noHosts = hangar("job", "create", "-m", "0*x86_64", "-t", "sleeptest", "j");

    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("either -f CONTROL or -t TEST");
    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(nowhere.exitCode()).isEqualTo(2);
    assertThat(nowhere.err()).contains("say where to run it");
    assertThat(noHosts.exitCode()).isEqualTo(2);
    assertThat(noHosts.err()).contains("'0*x86_64' asks for no host");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void create_refused_as_infeasible_prints_the_servers_reason() throws Exception {
    server.reply(
        "POST /api/v1/jobs",
        Reply.json(
            400,
            ApiSamples.error(
                400,
                "BAD_REQUEST",
                "job 'j' asks for 3 hosts with label x86_64 but only 2 could ever run it")));

    Result result = hangar("job", "create", "-m", "3*x86_64", "-f", controlFile().toString(), "j");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("only 2 could ever run it");
  }

  @Test
  void list_sends_the_filters_as_query_parameters_and_prints_a_table() {
    Result result =
        hangar("job", "list", "--owner", "admin", "--status", "running", "--limit", "5");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            """
            Id  Name   Owner  Status   Priority  Created               Entries
            3   first  admin  Running  medium    2026-01-02T03:04:00Z  Running=1, Queued=1
            """);
    Request request = server.onlyRequest();
    assertThat(request.path()).isEqualTo("/api/v1/jobs");
    assertThat(request.query()).isEqualTo("owner=admin&status=Running&limit=5");
  }

  @Test
  void list_with_json_prints_the_api_array() throws Exception {
    Result result = hangar("job", "list", "--json");

    assertThat(ApiClient.JSON.readTree(result.out()))
        .isEqualTo(ApiClient.JSON.readTree(ApiSamples.JOBS));
    assertThat(server.onlyRequest().query()).isEqualTo("limit=100");
  }

  @Test
  void list_with_a_zero_limit_is_a_usage_error() {
    assertThat(hangar("job", "list", "--limit", "0").exitCode()).isEqualTo(2);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void stat_prints_the_job_its_entries_and_the_full_results_urls() {
    Result result = hangar("job", "stat", "3");

    assertThat(result.exitCode()).isZero();
    String results = server.url() + "/results/3-admin/";
    assertThat(result.out())
        .contains("Id:             3\n")
        .contains("Owner:          admin\n")
        .contains("Status:         Completed\n")
        .contains("Priority:       medium\n")
        .contains("Results:        " + results + "\n")
        .contains(
            "Host       Status     Reason  Results\n"
                + "localhost  Completed          "
                + results
                + "localhost/\n");
    assertThat(server.onlyRequest().path()).isEqualTo("/api/v1/jobs/3");
  }

  @Test
  void stat_with_json_prints_the_job() throws Exception {
    Result result = hangar("job", "stat", "3", "--json");

    assertThat(ApiClient.JSON.readTree(result.out()))
        .isEqualTo(ApiClient.JSON.readTree(ApiSamples.JOB));
  }

  @Test
  void stat_with_a_non_numeric_id_is_a_usage_error() {
    assertThat(hangar("job", "stat", "three").exitCode()).isEqualTo(2);
  }

  @Test
  void abort_posts_an_abort_for_each_job() {
    server.reply("POST /api/v1/jobs/{id}/abort", Reply.json(200, ApiSamples.job("Aborted")));

    Result result = hangar("job", "abort", "3", "4");

    assertThat(result.exitCode()).isZero();
    assertThat(server.requests())
        .extracting(Request::path)
        .containsExactly("/api/v1/jobs/3/abort", "/api/v1/jobs/4/abort");
    assertThat(server.requests()).extracting(Request::method).containsOnly("POST");
    assertThat(server.requests())
        .extracting(Request::authorization)
        .containsOnly("Bearer " + FILE_TOKEN);
    assertThat(result.out()).startsWith("Aborting job 3 (first): aborted\n");
  }
}
