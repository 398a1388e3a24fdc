package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import hangar.config.GlobalConfig;
import hangar.lab.Names;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's answers to bad input and its paging, one case each, on a real server (H2, frontend
 * only): the cases {@link ApiFuzzTest} found, kept as plain tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiInputEndToEndTest {
  @TempDir static Path dir;

  private ServerRole server;
  private FuzzClient client;

  @BeforeAll
  void startServer() throws IOException {
    Path config =
        TestConfigs.write(
            dir.resolve("global_config.ini"), TestDatabases.fresh(hangar.config.DbType.H2));
    server =
        ServerRole.start(
            GlobalConfig.load(config),
            dir.resolve("var"),
            "127.0.0.1",
            0,
            false,
            Clock.systemUTC());
    client = new FuzzClient("http://127.0.0.1:" + server.port(), server.adminToken());
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> send(String method, String path, String body) {
    HttpResponse<String> answer = client.send(method, path, body);
    FuzzClient.assertClean(method + " " + path, answer);
    return answer;
  }

  private static String title(HttpResponse<String> answer) {
    return FuzzClient.read(answer.body()).get("title").asText();
  }

  @Test
  void a_list_pages_with_a_link_to_the_next_page_until_the_last() {
    for (String name : new String[] {"page-c", "page-a", "page-b"}) {
      send("POST", "/api/v1/atomicgroups", "{\"name\": \"" + name + "\"}");
    }

    HttpResponse<String> first = send("GET", "/api/v1/atomicgroups?limit=2", null);
    assertThat(FuzzClient.read(first.body()).findValuesAsText("name"))
        .containsExactly("page-a", "page-b");
    String link = first.headers().firstValue("Link").orElseThrow();
    assertThat(link).isEqualTo("</api/v1/atomicgroups?limit=2&after=page-b>; rel=\"next\"");

    HttpResponse<String> last = send("GET", link.substring(1, link.indexOf('>')), null);
    assertThat(FuzzClient.read(last.body()).findValuesAsText("name")).containsExactly("page-c");
    assertThat(last.headers().firstValue("Link")).isEmpty();
  }

  @Test
  void a_limit_that_is_not_a_number_from_1_to_1000_is_a_400() {
    for (String limit : new String[] {"0", "1001", "-5", "abc", "99999999999"}) {
      HttpResponse<String> answer = send("GET", "/api/v1/hosts?limit=" + limit, null);
      assertThat(answer.statusCode()).as(limit).isEqualTo(400);
      assertThat(title(answer)).as(limit).startsWith("limit must be");
    }
    assertThat(send("GET", "/api/v1/jobs?limit=1000", null).statusCode()).isEqualTo(200);
  }

  @Test
  void a_batch_of_jobs_is_created_whole_or_refused_whole_naming_the_job_at_fault() {
    send("POST", "/api/v1/hosts", "{\"hostname\": \"batch1\"}");
    String good = "{\"name\": \"ok\", \"control_file\": \"exit 0\", \"hosts\": [\"batch1\"]}";
    String[][] refusals = {
      {"{\"jobs\": []}", "400", "\"jobs\" must hold from 1 to 1000 jobs"},
      {"{\"jobs\": [" + good + ", null]}", "400", "field 'jobs[1]' must not be null"},
      {
        "{\"jobs\": ["
            + good
            + ", {\"name\": \"t\", \"control_file\": \"exit 0\", \"hosts\":"
            + " [\"batch1\"], \"timeout_minutes\": 0}]}",
        "400",
        "job 2 of 2: timeout_minutes must be >= 1"
      },
      {
        "{\"jobs\": ["
            + good
            + ", {\"name\": \"gone\", \"control_file\": \"exit 0\", \"hosts\":"
            + " [\"nope\"]}]}",
        "404",
        "job 2 of 2 ('gone'): host 'nope' not found"
      },
      {"{\"jobs\": [{\"name\": \"x\", \"hosts\": 3}]}", "400", ""},
    };
    for (String[] refusal : refusals) {
      HttpResponse<String> answer = send("POST", "/api/v1/jobs:batch", refusal[0]);
      assertThat(answer.statusCode()).as(refusal[0]).isEqualTo(Integer.parseInt(refusal[1]));
      assertThat(title(answer)).as(refusal[0]).startsWith(refusal[2]);
    }
    assertThat(FuzzClient.read(send("GET", "/api/v1/jobs?name=ok", null).body())).isEmpty();

    HttpResponse<String> created =
        send("POST", "/api/v1/jobs:batch", "{\"jobs\": [" + good + ", " + good + "]}");

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(FuzzClient.read(created.body()).get("created").asInt()).isEqualTo(2);
    assertThat(FuzzClient.read(send("GET", "/api/v1/jobs?name=ok", null).body())).hasSize(2);
  }

  @Test
  void a_host_with_one_bad_field_is_not_created() {
    String[] bodies = {
      "{\"hostname\": \"half1\", \"labels\": [\"nosuch\"], \"locked\": true}",
      "{\"hostname\": \"half2\", \"ssh_port\": 70000}",
      "{\"hostname\": \"half3\", \"lock_reason\": \"" + "x".repeat(1001) + "\", \"locked\": true}",
      "{\"hostname\": \"half4\", \"power_on\": \"a\\nb\"}",
      "{\"hostname\": \"half5\", \"labels\": [null]}"
    };
    for (String body : bodies) {
      HttpResponse<String> answer = send("POST", "/api/v1/hosts", body);
      assertThat(answer.statusCode()).as(body).isBetween(400, 404);
    }
    for (int i = 1; i <= 5; i++) {
      assertThat(send("GET", "/api/v1/hosts/half" + i, null).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void a_host_change_with_one_bad_field_changes_nothing() {
    send("POST", "/api/v1/hosts", "{\"hostname\": \"whole1\"}");

    HttpResponse<String> answer =
        send("PATCH", "/api/v1/hosts/whole1", "{\"locked\": true, \"power_on\": \"a\\u001bb\"}");

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(title(answer)).startsWith("power_on command must be one line");
    JsonNode host = FuzzClient.read(send("GET", "/api/v1/hosts/whole1", null).body());
    assertThat(host.get("locked").asBoolean()).isFalse();
  }

  @Test
  void the_api_refuses_a_bad_name_with_the_words_of_the_model() {
    HttpResponse<String> answer = send("POST", "/api/v1/labels", "{\"name\": \"two words\"}");

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThatThrownBy(() -> Names.label("two words")).hasMessage(title(answer));
  }

  @Test
  void a_body_that_is_null_or_of_the_wrong_types_gets_a_400_naming_the_field() {
    HttpResponse<String> nullBody = send("POST", "/api/v1/labels", "null");
    assertThat(nullBody.statusCode()).isEqualTo(400);
    assertThat(title(nullBody)).isEqualTo("the body is null; send a JSON object");

    HttpResponse<String> wrongType = send("POST", "/api/v1/jobs", "{\"hosts\": [\"a\", 7]}");
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertThat(title(wrongType)).isEqualTo("field 'hosts[1]' must be text");
  }

  @Test
  void a_body_over_1_mb_is_refused_unread() {
    HttpResponse<String> answer =
        send("POST", "/api/v1/labels", "{\"name\": \"" + "x".repeat(1_100_000) + "\"}");

    assertThat(answer.statusCode()).isEqualTo(413);
    assertThat(send("GET", "/api/v1/labels", null).body()).isEqualTo("[]");
  }

  @Test
  void control_characters_in_a_path_or_query_are_refused_before_any_route() {
    HttpResponse<String> path = send("GET", "/api/v1/hosts/%1b%5b31m", null);
    assertThat(path.statusCode()).isEqualTo(400);
    assertThat(title(path)).startsWith("the request path holds a control");

    HttpResponse<String> query = send("GET", "/api/v1/jobs?owner=a%00b", null);
    assertThat(query.statusCode()).isEqualTo(400);
    assertThat(title(query)).startsWith("query parameter 'owner' holds a control");
  }

  @Test
  void an_encoded_percent_sign_is_decoded_once_and_looked_up_as_itself() {
    HttpResponse<String> answer = send("GET", "/api/v1/hosts/a%2500b", null);

    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(title(answer)).startsWith("host 'a%00b' not found");
  }

  @Test
  void a_path_jetty_refuses_is_answered_in_the_json_shape_for_every_method() {
    for (String method : new String[] {"GET", "PUT", "PATCH", "DELETE"}) {
      HttpResponse<String> answer = send(method, "/api/v1/labels/%ff/hosts/x", null);
      assertThat(answer.statusCode()).as(method).isEqualTo(400);
      assertThat(title(answer)).as(method).isEqualTo("Bad UTF-8 encoding");
    }
  }

  @Test
  void an_echoed_value_is_escaped_and_cut() {
    HttpResponse<String> answer = send("GET", "/api/v1/atomicgroups/" + "y".repeat(5000), null);

    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(title(answer))
        .startsWith("atomic group '" + "y".repeat(64) + "...' (5000 characters) not found");
  }
}
