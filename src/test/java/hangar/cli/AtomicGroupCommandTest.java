package hangar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.testing.ApiSamples;
import hangar.testing.CliRunner.Result;
import hangar.testing.ContractServer.Reply;
import hangar.testing.ContractServer.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

class AtomicGroupCommandTest extends CliTestSupport {

  @Test
  void create_posts_name_maximum_and_description() throws Exception {
    Result result = hangar("atomicgroup", "create", "rack1", "-n", "4", "-d", "first rack");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("Created atomic group rack1\n");
    Request request = server.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/api/v1/atomicgroups");
    assertThat(request.authorization()).isEqualTo("Bearer " + FILE_TOKEN);
    assertThat(request.json())
        .isEqualTo(
            ApiClient.JSON.readTree(
                """
                {"name": "rack1", "max_number_of_machines": 4, "description": "first rack"}"""));
  }

  @Test
  void create_without_a_maximum_leaves_it_to_the_server_and_a_non_positive_one_is_refused()
      throws Exception {
    assertThat(hangar("atomicgroup", "create", "rack1").exitCode()).isZero();
    assertThat(server.onlyRequest().json())
        .isEqualTo(ApiClient.JSON.readTree("{\"name\": \"rack1\"}"));

    Result refused = hangar("atomicgroup", "create", "rack2", "-n", "0");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("--max-number-of-machines must be at least 1, was 0");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void create_of_an_existing_group_prints_the_servers_reason() {
    server.reply(
        "POST /api/v1/atomicgroups",
        Reply.json(409, ApiSamples.error(409, "CONFLICT", "atomic group 'rack1' already exists")));

    Result result = hangar("atomicgroup", "create", "rack1", "-n", "2");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("atomic group 'rack1' already exists\n");
  }

  @Test
  void list_prints_a_table_of_groups() {
    Result result = hangar("atomicgroup", "list");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            """
            Name   Max machines  Labels            Description
            rack1  4             rack1-a, rack1-b  first rack
            rack2  no limit
            """);
  }

  @Test
  void list_with_json_prints_the_api_array() throws Exception {
    Result result = hangar("atomicgroup", "list", "--json");

    assertThat(ApiClient.JSON.readTree(result.out()))
        .isEqualTo(ApiClient.JSON.readTree(ApiSamples.ATOMIC_GROUPS));
  }

  @Test
  void stat_prints_the_group() {
    Result result = hangar("atomicgroup", "stat", "rack1");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("Max machines:").contains("rack1-a, rack1-b");
    assertThat(server.onlyRequest().path()).isEqualTo("/api/v1/atomicgroups/rack1");
  }

  @Test
  void add_puts_each_label_in_the_group_and_stops_at_the_first_refusal() {
    server.reply(
        "PUT /api/v1/atomicgroups/{name}/labels/{label}",
        Reply.json(200, ApiSamples.ATOMIC_GROUP),
        Reply.json(
            409,
            ApiSamples.error(
                409, "CONFLICT", "label 'b' already belongs to atomic group 'rack2'")));

    Result result = hangar("atomicgroup", "add", "rack1", "--label", "a,b,c");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEqualTo("Added label a to atomic group rack1\n");
    assertThat(result.err()).isEqualTo("label 'b' already belongs to atomic group 'rack2'\n");
    List<Request> requests = server.requests();
    assertThat(requests)
        .extracting(Request::path)
        .containsExactly(
            "/api/v1/atomicgroups/rack1/labels/a", "/api/v1/atomicgroups/rack1/labels/b");
    assertThat(requests).extracting(Request::method).containsOnly("PUT");
  }

  @Test
  void remove_takes_the_label_out() {
    Result result = hangar("atomicgroup", "remove", "rack1", "-l", "a");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("Removed label a from atomic group rack1\n");
    assertThat(server.onlyRequest().method()).isEqualTo("DELETE");
    assertThat(server.onlyRequest().path()).isEqualTo("/api/v1/atomicgroups/rack1/labels/a");
  }

  @Test
  void delete_is_refused_with_the_jobs_unless_forced() {
    server.reply(
        "DELETE /api/v1/atomicgroups/{name}",
        Reply.json(
            409,
            ApiSamples.error(
                409, "CONFLICT", "atomic group 'rack1' is used by unfinished jobs [7]")),
        Reply.empty(204));

    Result refused = hangar("atomicgroup", "delete", "rack1");
    Result forced = hangar("atomicgroup", "delete", "rack1", "--force");

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("[7]");
    assertThat(forced.exitCode()).isZero();
    assertThat(forced.out()).isEqualTo("Deleted atomic group rack1\n");
    assertThat(server.requests().get(1).query()).isEqualTo("force=true");
  }
}
