package hangar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.Main;
import hangar.testing.ApiSamples;
import hangar.testing.CliRunner;
import hangar.testing.CliRunner.Result;
import hangar.testing.ContractServer.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ApiOptionsTest extends CliTestSupport {

  @Test
  void token_flag_wins_over_environment_and_file() {
    useEnvironment(Map.of(ApiOptions.TOKEN_VARIABLE, "env-token"));

    hangar("host", "delete", "board7", "--token", "flag-token");

    assertThat(server.onlyRequest().authorization()).isEqualTo("Bearer flag-token");
  }

  @Test
  void token_from_environment_wins_over_file() {
    useEnvironment(Map.of(ApiOptions.TOKEN_VARIABLE, "env-token"));

    hangar("host", "delete", "board7");

    assertThat(server.onlyRequest().authorization()).isEqualTo("Bearer env-token");
  }

  @Test
  void token_file_is_read_last_and_trimmed() {
    hangar("host", "delete", "board7");

    assertThat(server.onlyRequest().authorization()).isEqualTo("Bearer " + FILE_TOKEN);
  }

  @Test
  void a_write_without_any_token_says_how_to_give_one_and_sends_nothing() throws IOException {
    Files.delete(tokenFile);

    Result result = hangar("host", "delete", "board7");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("'DELETE /api/v1/hosts/board7' needs an API token")
        .contains("--token")
        .contains("HANGAR_TOKEN")
        .contains(tokenFile.toAbsolutePath().toString());
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void a_read_goes_without_a_token_when_there_is_none() throws IOException {
    Files.delete(tokenFile);

    Result result = hangar("host", "list");

    assertThat(result.exitCode()).isZero();
    assertThat(server.onlyRequest().authorization()).isNull();
  }

  @Test
  void server_comes_from_the_environment_when_no_flag_names_one() {
    useEnvironment(Map.of(ApiOptions.SERVER_VARIABLE, server.url() + "/"));

    Result result = CliRunner.run("label", "list");

    assertThat(result.exitCode()).isZero();
    assertThat(server.onlyRequest().path()).isEqualTo("/api/v1/labels");
  }

  @Test
  void a_server_that_is_not_an_http_url_is_a_usage_error() {
    Result result = CliRunner.run("host", "list", "--server", "localhost:8080");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--server 'localhost:8080' is not an http(s) URL");
  }

  @Test
  void a_refused_connection_says_how_to_start_the_server() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;

    Result result = CliRunner.run("host", "list", "--server", url);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .startsWith("cannot reach the Hangar server at " + url + ": ")
        .endsWith("; start it with 'bin/hangar server' or pass --server\n")
        .doesNotContain("\tat ");
  }

  @Test
  void an_unauthorized_answer_says_how_to_give_a_token() {
    server.reply(
        "DELETE /api/v1/hosts/{hostname}",
        Reply.json(401, ApiSamples.error(401, "UNAUTHORIZED", "invalid token")));

    Result result = hangar("host", "delete", "board7", "--token", "wrong");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("the server refused the API token (invalid token)")
        .contains("--token")
        .contains("HANGAR_TOKEN")
        .contains("var/admin.token");
  }

  @Test
  void a_server_error_that_is_not_json_prints_its_first_line() {
    server.reply("GET /api/v1/hosts", Reply.text(502, "Bad Gateway\n<html>...</html>"));

    Result result = hangar("host", "list");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("Bad Gateway\n");
  }

  @Test
  void a_topic_without_an_action_is_a_usage_error() {
    for (String topic : new String[] {"host", "label", "job"}) {
      Result result = CliRunner.run(topic);

      assertThat(result.exitCode()).as(topic).isEqualTo(2);
      assertThat(result.err()).as(topic).contains("choose an action").contains("Usage:");
    }
  }

  @Test
  void every_action_has_a_help_with_a_description() {
    CommandLine main = Main.commandLine();
    for (String topic : new String[] {"host", "label", "job"}) {
      for (String action : main.getSubcommands().get(topic).getSubcommands().keySet()) {
        Result result = CliRunner.run(topic, action, "--help");

        assertThat(result.exitCode()).as(topic + " " + action).isZero();
        assertThat(result.out())
            .as(topic + " " + action)
            .contains("Usage: hangar " + topic + " " + action)
            .contains("--server=URL")
            .doesNotContain("not written yet");
      }
    }
  }
}
