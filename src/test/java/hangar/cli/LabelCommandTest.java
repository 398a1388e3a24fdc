package hangar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.testing.ApiSamples;
import hangar.testing.CliRunner.Result;
import hangar.testing.ContractServer.Reply;
import hangar.testing.ContractServer.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelCommandTest extends CliTestSupport {

  @Test
  void create_posts_name_platform_and_only_if_needed() throws Exception {
    Result result = hangar("label", "create", "arm", "--platform", "--only-if-needed");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("Created label arm\n");
    Request request = server.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/v1/labels");
    assertThat(request.authorization()).isEqualTo("Bearer " + FILE_TOKEN);
    assertThat(request.json())
        .isEqualTo(
            ApiClient.JSON.readTree(
                "{\"name\": \"arm\", \"platform\": true, \"only_if_needed\": true}"));
  }

  @Test
  void create_with_json_prints_the_created_label() throws Exception {
    Result result = hangar("label", "create", "x86_64", "--json");

    assertThat(ApiClient.JSON.readTree(result.out()))
        .isEqualTo(ApiClient.JSON.readTree(ApiSamples.LABEL));
    assertThat(server.onlyRequest().json().path("platform").asBoolean(true)).isFalse();
  }

  @Test
  void list_prints_a_table_of_labels() {
    Result result = hangar("label", "list");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            """
            Name    Platform  Only if needed  Hosts
            arm     yes       no              1
            x86_64  no        no              3
            """);
    assertThat(server.onlyRequest().path()).isEqualTo("/api/v1/labels");
  }

  @Test
  void list_with_json_prints_the_api_array() throws Exception {
    Result result = hangar("label", "list", "--json");

    assertThat(ApiClient.JSON.readTree(result.out()))
        .isEqualTo(ApiClient.JSON.readTree(ApiSamples.LABELS));
  }

  @Test
  void add_puts_the_label_on_each_host() {
    Result result = hangar("label", "add", "arm", "-m", "board7,board8");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo("Added label arm to host board7\nAdded label arm to host board8\n");
    List<Request> requests = server.requests();
    assertThat(requests).extracting(Request::method).containsExactly("PUT", "PUT");
    assertThat(requests)
        .extracting(Request::path)
        .containsExactly("/api/v1/labels/arm/hosts/board7", "/api/v1/labels/arm/hosts/board8");
    assertThat(requests).extracting(Request::authorization).containsOnly("Bearer " + FILE_TOKEN);
    assertThat(requests).extracting(Request::body).containsOnly("");
  }

  @Test
  void add_stops_at_the_first_failure_after_reporting_the_hosts_done() {
    server.reply(
        "PUT /api/v1/labels/{name}/hosts/{hostname}",
        Reply.json(200, ApiSamples.LABEL),
        Reply.json(404, ApiSamples.error(404, "NOT_FOUND", "host 'nope' not found")));

    Result result = hangar("label", "add", "arm", "-m", "board7,nope,board9");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEqualTo("Added label arm to host board7\n");
    assertThat(result.err()).isEqualTo("host 'nope' not found\n");
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void add_without_hosts_is_a_usage_error() {
    Result result = hangar("label", "add", "arm");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--machine");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void remove_deletes_the_label_from_each_host() {
    Result result = hangar("label", "remove", "arm", "--machine", "board7");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("Removed label arm from host board7\n");
    Request request = server.onlyRequest();
    assertThat(request.method()).isEqualTo("DELETE");
    assertThat(request.path()).isEqualTo("/api/v1/labels/arm/hosts/board7");
    assertThat(request.authorization()).isEqualTo("Bearer " + FILE_TOKEN);
  }

  @Test
  void delete_sends_delete_for_the_label() {
    Result result = hangar("label", "delete", "arm");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("Deleted label arm\n");
    Request request = server.onlyRequest();
    assertThat(request.method()).isEqualTo("DELETE");
    assertThat(request.path()).isEqualTo("/api/v1/labels/arm");
  }

  @Test
  void delete_with_force_asks_the_server_to_force_it() {
    Result result = hangar("label", "delete", "arm", "--force");

    assertThat(result.exitCode()).isZero();
    assertThat(server.onlyRequest().path()).isEqualTo("/api/v1/labels/arm");
    assertThat(server.onlyRequest().query()).isEqualTo("force=true");
  }
}
