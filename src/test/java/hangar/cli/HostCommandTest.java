package hangar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import hangar.testing.ApiSamples;
import hangar.testing.CliRunner.Result;
import hangar.testing.ContractServer.Reply;
import hangar.testing.ContractServer.Request;
import org.junit.jupiter.api.Test;

class HostCommandTest extends CliTestSupport {

  @Test
  void create_posts_hostname_labels_lock_and_protection_with_the_token() throws Exception {
    Result result =
        hangar(
            "host",
            "create",
            "board7",
            "-b",
            "arm,usb",
            "--lock",
            "-r",
            "flaky disk",
            "--protection",
            "do not repair");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("Created host board7 (locked)\n");
    Request request = server.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/v1/hosts");
    assertThat(request.authorization()).isEqualTo("Bearer " + FILE_TOKEN);
    assertThat(request.contentType()).isEqualTo("application/json");
    assertThat(request.json())
        .isEqualTo(
            ApiClient.JSON.readTree(
                """
                {"hostname": "board7", "labels": ["arm", "usb"], "locked": true,
                 "lock_reason": "flaky disk", "protection": "Do not repair"}"""));
  }

  @Test
  void create_without_options_sends_only_the_hostname() throws Exception {
    Result result = hangar("host", "create", "localhost");

    assertThat(result.exitCode()).isZero();
    assertThat(server.onlyRequest().json())
        .isEqualTo(ApiClient.JSON.readTree("{\"hostname\": \"localhost\"}"));
  }

  @Test
  void create_with_json_prints_the_created_host() throws Exception {
    Result result = hangar("host", "create", "localhost", "--json");

    assertThat(ApiClient.JSON.readTree(result.out()))
        .isEqualTo(ApiClient.JSON.readTree(ApiSamples.HOST));
  }

  @Test
  void create_of_an_existing_host_prints_the_api_title_and_exits_1() {
    server.reply(
        "POST /api/v1/hosts",
        Reply.json(409, ApiSamples.error(409, "CONFLICT", "host 'localhost' already exists")));

    Result result = hangar("host", "create", "localhost");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("host 'localhost' already exists\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void create_with_an_unknown_protection_is_a_usage_error_naming_the_accepted_ones() {
    Result result = hangar("host", "create", "board7", "--protection", "maybe");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("unknown Protection 'maybe'").contains("Do not repair");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void list_prints_a_table_of_hosts_and_sends_the_token_it_has() {
    Result result = hangar("host", "list");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            """
            Host       Status         Locked  Locked by  Labels
            board7     Repair Failed  yes     alice      arm, usb
            localhost  Ready          no                 x86_64
            """);
    Request request = server.onlyRequest();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/api/v1/hosts");
    assertThat(request.authorization()).startsWith("Bearer ");
    assertThat(request.accept()).isEqualTo("application/json");
  }

  @Test
  void list_filters_by_status_label_and_lock_state() {
    assertThat(hangar("host", "list", "--status", "repair failed").out())
        .contains("board7")
        .doesNotContain("localhost");
    assertThat(hangar("host", "list", "--label", "x86_64").out())
        .contains("localhost")
        .doesNotContain("board7");
    assertThat(hangar("host", "list", "--unlocked").out())
        .contains("localhost")
        .doesNotContain("board7");
    assertThat(hangar("host", "list", "--locked").out())
        .contains("board7")
        .doesNotContain("localhost");
    assertThat(hangar("host", "list", "--status", "Running").out()).isEqualTo("No hosts match.\n");
  }

  @Test
  void list_with_json_prints_the_api_array() throws Exception {
    Result result = hangar("host", "list", "--json");

    assertThat(ApiClient.JSON.readTree(result.out()))
        .isEqualTo(ApiClient.JSON.readTree(ApiSamples.HOSTS));
  }

  @Test
  void list_with_locked_and_unlocked_is_a_usage_error() {
    Result result = hangar("host", "list", "--locked", "--unlocked");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("mutually exclusive");
  }

  @Test
  void stat_prints_the_host_and_its_recent_entries() {
    Result result = hangar("host", "stat", "localhost");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            """
            Host:        localhost
            Status:      Ready
            Locked:      no
            Protection:  No protection
            Dirty:       no
            Labels:      x86_64

            Recent entries:
            Job  Status     Reason  Started               Finished
            3    Completed          2026-01-02T03:04:05Z  2026-01-02T03:05:06Z

            Recent special tasks:
            Id  Task    Status     Entry  Requested             Finished              Reason
            4   Verify  Completed         2026-01-02T03:00:00Z  2026-01-02T03:00:02Z
            """);
    assertThat(server.onlyRequest().path()).isEqualTo("/api/v1/hosts/localhost");
  }

  @Test
  void stat_shows_how_the_host_is_reached_over_ssh_when_it_is_set() {
    server.reply(
        "GET /api/v1/hosts/{hostname}",
        Reply.json(
            200,
            """
            {"id": 2, "hostname": "board7", "status": "Ready", "locked": false,
             "protection": "No protection", "dirty": false, "labels": [],
             "ssh_user": "root", "ssh_port": 2222, "entries": [], "special_tasks": []}"""));

    Result result = hangar("host", "stat", "board7");

    assertThat(result.out()).contains("SSH:         root@board7:2222\n");
  }

  @Test
  void stat_shows_a_locked_host_with_its_lock_and_commands_and_no_recent_work() {
    server.reply(
        "GET /api/v1/hosts/{hostname}",
        Reply.json(
            200,
            """
            {"id": 2, "hostname": "board7", "status": "Ready", "locked": true,
             "locked_by": "alice", "locked_on": "2026-01-02T03:04:05Z", "lock_reason": "rewiring",
             "protection": "Do not repair", "dirty": true, "labels": ["arm", "usb"],
             "power_on": "pdu on 7", "console": "telnet pdu1 6007",
             "entries": [], "special_tasks": []}"""));

    Result result = hangar("host", "stat", "board7");

    assertThat(result.out())
        .isEqualTo(
            """
            Host:         board7
            Status:       Ready
            Locked:       yes
            Locked by:    alice
            Locked on:    2026-01-02T03:04:05Z
            Lock reason:  rewiring
            Protection:   Do not repair
            Dirty:        yes
            Labels:       arm, usb
            Power on:     pdu on 7
            Console:      telnet pdu1 6007

            No recent entries.

            No recent special tasks.
            """);
  }

  @Test
  void reverify_posts_one_request_per_host_and_says_what_was_asked() {
    Result result = hangar("host", "reverify", "localhost", "board7");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            """
            Verify of host localhost asked (task 5, Queued)
            Verify of host localhost asked (task 5, Queued)
            """);
    assertThat(server.requests())
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly(
            "POST /api/v1/hosts/localhost/reverify", "POST /api/v1/hosts/board7/reverify");
  }

  @Test
  void stat_of_an_unknown_host_prints_the_api_title() {
    server.reply(
        "GET /api/v1/hosts/{hostname}",
        Reply.json(
            404,
            ApiSamples.error(
                404, "NOT_FOUND", "host 'nope' not found; list hosts with 'hangar host list'")));

    Result result = hangar("host", "stat", "nope");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo("host 'nope' not found; list hosts with 'hangar host list'\n");
  }

  @Test
  void mod_lock_patches_locked_and_reason() throws Exception {
    Result result = hangar("host", "mod", "board7", "--lock", "-r", "rewiring");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("Locked host board7\n");
    Request request = server.onlyRequest();
    assertThat(request.method()).isEqualTo("PATCH");
    assertThat(request.path()).isEqualTo("/api/v1/hosts/board7");
    assertThat(request.authorization()).isEqualTo("Bearer " + FILE_TOKEN);
    assertThat(request.json())
        .isEqualTo(ApiClient.JSON.readTree("{\"locked\": true, \"lock_reason\": \"rewiring\"}"));
  }

  @Test
  void mod_unlock_and_protection_patch_both_fields() throws Exception {
    Result result =
        hangar("host", "mod", "board7", "--unlock", "--protection", "Repair software only");

    assertThat(result.out())
        .isEqualTo("Unlocked host board7\nSet protection of host board7 to Repair software only\n");
    JsonNode body = server.onlyRequest().json();
    assertThat(body)
        .isEqualTo(
            ApiClient.JSON.readTree(
                "{\"locked\": false, \"protection\": \"Repair software only\"}"));
  }

  @Test
  void create_and_mod_send_how_the_host_is_reached_over_ssh() throws Exception {
    hangar("host", "create", "board7", "--user", "root", "--port", "2222");
    Result result = hangar("host", "mod", "board7", "--user", "", "--port", "0");

    assertThat(server.requests().get(0).json())
        .isEqualTo(
            ApiClient.JSON.readTree(
                "{\"hostname\": \"board7\", \"ssh_user\": \"root\", \"ssh_port\": 2222}"));
    assertThat(result.out()).isEqualTo("Set SSH login of host board7: user (default), port 22\n");
    assertThat(server.requests().get(1).json())
        .isEqualTo(ApiClient.JSON.readTree("{\"ssh_user\": \"\", \"ssh_port\": 0}"));
  }

  @Test
  void mod_sends_the_host_commands_and_says_which_were_set_and_which_removed() throws Exception {
    Result result =
        hangar(
            "host", "mod", "board7", "--power-on", "wake b7", "--power-reset", "", "--console", "");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "Set commands of host board7: power on 'wake b7', power reset (none), console"
                + " (none)\n");
    assertThat(server.onlyRequest().json())
        .isEqualTo(
            ApiClient.JSON.readTree(
                "{\"power_on\": \"wake b7\", \"power_reset\": \"\", \"console\": \"\"}"));
  }

  @Test
  void a_lock_reason_without_lock_is_a_usage_error_of_create_and_of_mod() {
    Result create = hangar("host", "create", "board7", "-r", "rewiring");
    Result mod = hangar("host", "mod", "board7", "--unlock", "--lock-reason", "rewiring");

    assertThat(create.exitCode()).isEqualTo(2);
    assertThat(create.err()).startsWith("--lock-reason needs --lock\n").contains("Usage:");
    assertThat(mod.exitCode()).isEqualTo(2);
    assertThat(mod.err()).startsWith("--lock-reason needs --lock\n").contains("Usage:");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void mod_without_a_change_is_a_usage_error_and_sends_nothing() {
    Result result = hangar("host", "mod", "board7");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("say what to change").contains("Usage:");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void delete_sends_delete_with_the_token() {
    Result result = hangar("host", "delete", "board7");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("Deleted host board7\n");
    Request request = server.onlyRequest();
    assertThat(request.method()).isEqualTo("DELETE");
    assertThat(request.path()).isEqualTo("/api/v1/hosts/board7");
    assertThat(request.authorization()).isEqualTo("Bearer " + FILE_TOKEN);
    assertThat(request.body()).isEmpty();
  }

  @Test
  void delete_with_force_asks_the_server_to_force_it() {
    Result result = hangar("host", "delete", "--force", "board7");

    assertThat(result.exitCode()).isZero();
    assertThat(server.onlyRequest().path()).isEqualTo("/api/v1/hosts/board7");
    assertThat(server.onlyRequest().query()).isEqualTo("force=true");
  }

  @Test
  void list_deleted_asks_for_the_deleted_hosts() {
    Result result = hangar("host", "list", "--deleted");

    assertThat(result.exitCode()).isZero();
    assertThat(server.onlyRequest().query()).isEqualTo("deleted=true&limit=1000");
  }

  @Test
  void delete_of_a_host_in_use_prints_the_conflict() {
    server.reply(
        "DELETE /api/v1/hosts/{hostname}",
        Reply.json(
            409, ApiSamples.error(409, "CONFLICT", "host 'board7' is used by active jobs 3, 4")));

    Result result = hangar("host", "delete", "board7");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("host 'board7' is used by active jobs 3, 4\n");
  }

  @Test
  void hostnames_are_percent_encoded_in_paths() {
    hangar("host", "stat", "odd name");

    assertThat(server.onlyRequest().path()).isEqualTo("/api/v1/hosts/odd%20name");
  }
}
