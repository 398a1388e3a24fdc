package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.cli.CliLogins;
import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.testing.CliRunner;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logging in with a password on a real server: the session cookie's flags, CSRF on every
 * state-changing request of a session, the lock-out after repeated failures, logout, and {@code
 * hangar login} keeping a token in a private file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebLoginTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "correct horse battery";

  @TempDir static Path dir;

  private DatabaseSettings database;
  private ServerRole server;
  private String url;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws IOException {
    database = TestDatabases.fresh(DbType.H2);
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), database);
    server =
        ServerRole.start(
            GlobalConfig.load(config), dir.resolve("var"), "127.0.0.1", 0, Clock.systemUTC());
    url = "http://127.0.0.1:" + server.port();
    for (String login : new String[] {"wendy", "victor", "lou"}) {
      CliRunner.Result made =
          CliRunner.runWithInput(
              PASSWORD + "\n",
              "user",
              "create",
              login,
              "--password-stdin",
              "--server",
              url,
              "--token",
              server.adminToken());
      assertThat(made.exitCode()).as(made.err()).isZero();
    }
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.closeWithDrone();
    }
    if (database != null) {
      TestDatabases.drop(database);
    }
  }

  @Test
  void a_login_opens_a_session_whose_writes_need_its_csrf_token() throws Exception {
    HttpResponse<String> login = login("wendy", PASSWORD);
    assertThat(login.statusCode()).isEqualTo(200);
    String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("hangar_session=").contains("HttpOnly");
    assertThat(setCookie.toLowerCase(java.util.Locale.ROOT)).contains("samesite=lax");
    assertThat(setCookie).doesNotContain("Secure"); // plain HTTP on loopback
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    String csrf = JSON.readTree(login.body()).get("csrf_token").asText();

    HttpResponse<String> whoami = send(get("/api/v1/whoami").header("Cookie", cookie));
    assertThat(JSON.readTree(whoami.body()).get("login").asText()).isEqualTo("wendy");
    assertThat(JSON.readTree(whoami.body()).get("via").asText()).isEqualTo("session");

    String acl = "{\"name\": \"wendys\"}";
    HttpResponse<String> forged = send(post("/api/v1/acls", acl).header("Cookie", cookie));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(forged.body()).get("title").asText()).contains("CSRF");
    assertThat(send(get("/api/v1/acls").header("Cookie", cookie)).body()).doesNotContain("wendys");

    HttpResponse<String> made =
        send(post("/api/v1/acls", acl).header("Cookie", cookie).header("X-CSRF-Token", csrf));
    assertThat(made.statusCode()).isEqualTo(201);

    HttpResponse<String> logout = send(post("/api/v1/logout", "").header("Cookie", cookie));
    assertThat(logout.statusCode()).isEqualTo(204);
    assertThat(send(get("/api/v1/acls").header("Cookie", cookie)).statusCode()).isEqualTo(401);
  }

  @Test
  void a_login_through_a_proxy_that_ends_tls_gets_a_secure_cookie() throws Exception {
    JsonNode body = JSON.createObjectNode().put("login", "victor").put("password", PASSWORD);
    HttpResponse<String> login =
        send(post("/api/v1/login", body.toString()).header("X-Forwarded-Proto", "https"));
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure");
  }

  @Test
  void a_form_login_works_and_a_wrong_password_says_nothing_about_which_part_was_wrong()
      throws Exception {
    HttpResponse<String> form =
        send(
            HttpRequest.newBuilder(URI.create(url + "/api/v1/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "login=victor&password=correct+horse+battery")));
    assertThat(form.statusCode()).isEqualTo(200);

    HttpResponse<String> wrong = login("victor", "not the password");
    HttpResponse<String> unknown = login("nobody-here", "not the password");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(title(wrong)).isEqualTo(title(unknown)).contains("login or password is wrong");
  }

  @Test
  void five_failures_in_a_row_lock_the_user_out_even_with_the_right_password() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(login("lou", "guess " + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> locked = login("lou", PASSWORD);
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(title(locked)).contains("too many failed logins for lou");
    CliRunner.Result stat =
        CliRunner.run("user", "stat", "lou", "--server", url, "--token", server.adminToken());
    assertThat(stat.out()).contains("Web logins refused until");
  }

  @Test
  void hangar_login_keeps_a_private_token_and_logout_revokes_it() throws Exception {
    Path home = dir.resolve("home");
    Path tokenFile = home.resolve(".config/hangar/token");
    CliRunner.Result in = CliLogins.login(url, tokenFile, "wendy", PASSWORD);
    assertThat(in.exitCode()).as(in.err()).isZero();
    assertThat(in.out()).contains("as wendy");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile.getParent())))
        .isEqualTo("rwx------");
    String token = Files.readString(tokenFile).strip();
    assertThat(send(get("/api/v1/whoami").header("Authorization", "Bearer " + token)).body())
        .contains("\"login\":\"wendy\"");
    CliRunner.Result listed = CliLogins.run(tokenFile, "token", "list", "--server", url);
    assertThat(listed.out()).contains("hangar login on");

    CliRunner.Result out = CliLogins.run(tokenFile, "logout", "--server", url);
    assertThat(out.exitCode()).as(out.err()).isZero();
    assertThat(tokenFile).doesNotExist();
    assertThat(send(get("/api/v1/whoami").header("Authorization", "Bearer " + token)).statusCode())
        .isEqualTo(401);
  }

  private HttpResponse<String> login(String login, String password) throws Exception {
    JsonNode body = JSON.createObjectNode().put("login", login).put("password", password);
    return send(post("/api/v1/login", body.toString()));
  }

  private static String title(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body()).get("title").asText();
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create(url + path)).GET();
  }

  private HttpRequest.Builder post(String path, String json) {
    return HttpRequest.newBuilder(URI.create(url + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
