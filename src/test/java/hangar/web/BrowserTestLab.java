package hangar.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.server.ServerRole;
import hangar.testing.CliRunner;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;

/**
 * A real server on H2 and a real headless browser logged in as admin, for the web pages' tests. The
 * lab has users admin and alice, hosts localhost, a1 (locked, in ACL group lab-team, label arm) and
 * b1 (locked). Each test leaves a screenshot in {@code target/screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTestLab {
  static final String ADMIN_PASSWORD = "hangar-admin-pw";
  static final String ALICE_PASSWORD = "alice-in-the-lab";

  @TempDir static Path dir;

  private DatabaseSettings database;
  ServerRole server;
  String url;
  Browser browser;

  @BeforeAll
  void startLab() throws IOException {
    database = TestDatabases.fresh(DbType.H2);
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), database);
    server =
        ServerRole.start(
            GlobalConfig.load(config), dir.resolve("var"), "127.0.0.1", 0, Clock.systemUTC());
    url = "http://127.0.0.1:" + server.port();
    okWithInput(ADMIN_PASSWORD + "\n", "user", "passwd", "admin", "--password-stdin");
    okWithInput(ALICE_PASSWORD + "\n", "user", "create", "alice", "--password-stdin");
    ok("host", "create", "localhost");
    ok("host", "create", "a1", "--lock");
    ok("host", "create", "b1", "--lock");
    ok("acl", "create", "lab-team");
    ok("acl", "add", "lab-team", "-m", "a1");
    ok("label", "create", "arm");
    ok("label", "add", "arm", "-m", "a1");
    browser = Browser.open(url);
    browser.logIn("admin", ADMIN_PASSWORD);
  }

  @AfterAll
  void stopLab() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.closeWithDrone();
    }
    if (database != null) {
      TestDatabases.drop(database);
    }
  }

  /** A GET of the JSON API as admin, which must answer 200. */
  JsonNode apiGet(String path) throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + path))
                    .header("Authorization", "Bearer " + server.adminToken())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return new ObjectMapper().readTree(answer.body());
  }

  Object js(String script) {
    return ((JavascriptExecutor) browser.driver()).executeScript(script);
  }

  static String jobId(String out) {
    return out.replaceAll("(?s).*?job (\\d+).*", "$1");
  }

  /** Runs a hangar command as admin against the server; it must succeed. */
  String ok(String... args) {
    CliRunner.Result result = CliRunner.run(withServer(args));
    assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
    return result.out();
  }

  private void okWithInput(String input, String... args) {
    CliRunner.Result result = CliRunner.runWithInput(input, withServer(args));
    assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
  }

  private String[] withServer(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", url, "--token", server.adminToken()));
    return all.toArray(String[]::new);
  }
}
