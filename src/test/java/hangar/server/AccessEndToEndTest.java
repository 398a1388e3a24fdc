package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every access rule, allowed and refused, through the CLI against a real server: an admin, alice in
 * team-a with host a1, bob in team-b with host b1, each acting with a token of their own made by
 * {@code hangar token create}. Run on every database by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AccessEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private DatabaseSettings database;
  private ServerRole server;
  private String url;
  private String admin;
  private String alice;
  private String bob;

  abstract DbType type();

  @BeforeAll
  void startLab() throws IOException {
    database = TestDatabases.fresh(type());
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), database);
    server =
        ServerRole.start(
            GlobalConfig.load(config), dir.resolve("var"), "127.0.0.1", 0, Clock.systemUTC());
    url = "http://127.0.0.1:" + server.port();
    admin = server.adminToken();
    ok(admin, "user", "create", "alice");
    ok(admin, "user", "create", "bob");
    alice = token(admin, "--user", "alice", "--name", "alice-laptop");
    bob = token(admin, "--user", "bob", "--name", "bob-ci", "--expires", "7");
    ok(admin, "host", "create", "localhost", "--lock");
    ok(admin, "host", "create", "a1", "--lock");
    ok(admin, "host", "create", "b1", "--lock");
    ok(alice, "acl", "create", "team-a", "-d", "alice's team");
    ok(bob, "acl", "create", "team-b");
    ok(admin, "acl", "add", "team-a", "-m", "a1");
    ok(admin, "acl", "add", "team-b", "-m", "b1");
  }

  @AfterAll
  void stopLab() {
    if (server != null) {
      server.closeWithDrone();
    }
    if (database != null) {
      TestDatabases.drop(database);
    }
  }

  @Test
  void acl_groups_hold_their_creator_and_take_hosts_out_of_everyone() throws Exception {
    JsonNode teamA = json(ok(alice, "acl", "stat", "team-a", "--json"));
    assertThat(teamA.get("users")).extracting(JsonNode::asText).containsExactly("alice");
    assertThat(teamA.get("hosts")).extracting(JsonNode::asText).containsExactly("a1");
    JsonNode everyone = json(ok(alice, "acl", "stat", "Everyone", "--json"));
    assertThat(everyone.get("users"))
        .extracting(JsonNode::asText)
        .contains("admin", "alice", "bob");
    assertThat(everyone.get("hosts")).extracting(JsonNode::asText).doesNotContain("a1", "b1");
    assertThat(ok(bob, "acl", "list", "-u", "bob")).contains("team-b").doesNotContain("team-a");
  }

  @Test
  void a_job_runs_only_on_hosts_that_share_an_acl_group_with_its_owner() throws Exception {
    Path control = Files.writeString(dir.resolve("job.control"), "job.run_test('sleeptest')\n");
    JsonNode mine =
        json(ok(alice, "job", "create", "-m", "a1", "-f", control.toString(), "mine", "--json"));
    assertThat(mine.get("owner").asText()).isEqualTo("alice");

    refused(alice, "job", "create", "-m", "b1", "-f", control.toString(), "theirs")
        .contains("alice shares no ACL group with it");
    refused(alice, "job", "create", "-m", "localhost", "-f", control.toString(), "here")
        .contains("server's own machine");
    // Admins may name any host, the server's own machine too.
    ok(admin, "job", "create", "-m", "b1", "-f", control.toString(), "admins-b1");
    ok(admin, "job", "create", "-m", "localhost", "-f", control.toString(), "admins-here");
  }

  @Test
  void only_the_owner_or_an_admin_aborts_a_job() throws Exception {
    Path control = Files.writeString(dir.resolve("abort.control"), "job.run_test('sleeptest')\n");
    String first = jobId(ok(alice, "job", "create", "-m", "a1", "-f", control.toString(), "a-1"));
    String second = jobId(ok(alice, "job", "create", "-m", "a1", "-f", control.toString(), "a-2"));

    refused(bob, "job", "abort", first).contains("it belongs to alice");
    ok(alice, "job", "abort", first);
    ok(admin, "job", "abort", second);
  }

  @Test
  void hosts_are_changed_by_users_sharing_a_group_with_them_and_by_admins() throws Exception {
    ok(alice, "host", "mod", "a1", "--unlock");
    ok(alice, "host", "mod", "a1", "--lock", "-r", "mine for a while");
    assertThat(json(ok(alice, "host", "stat", "a1", "--json")).get("locked_by").asText())
        .isEqualTo("alice");
    refused(alice, "host", "mod", "b1", "--unlock").contains("shares no ACL group with it");
    refused(alice, "host", "reverify", "b1").contains("shares no ACL group with it");
    ok(admin, "host", "mod", "b1", "--protection", "Do not repair");
    ok(bob, "host", "mod", "b1", "--protection", "No protection");
  }

  @Test
  void lab_wide_changes_are_for_admins_only() {
    refused(alice, "host", "create", "c1").contains("only admins may");
    refused(alice, "host", "delete", "a1").contains("only admins may");
    refused(alice, "label", "create", "x86_64").contains("only admins may");
    ok(admin, "label", "create", "arm");
    refused(alice, "label", "add", "arm", "-m", "a1").contains("only admins may");
    refused(alice, "label", "delete", "arm").contains("only admins may");
    refused(alice, "atomicgroup", "create", "rack9").contains("only admins may");
    refused(alice, "drone", "create", "w9").contains("only admins may");
    refused(alice, "user", "create", "mallory").contains("only admins may");
    refused(alice, "user", "mod", "alice", "--admin").contains("only admins may");
    refused(alice, "acl", "add", "team-a", "-m", "b1").contains("only admins may");
    ok(admin, "label", "delete", "arm");
  }

  @Test
  void power_commands_and_localhost_open_only_to_groups_an_admin_granted_them() throws Exception {
    refused(alice, "host", "mod", "a1", "--power-on", "true").contains("only admins may");
    ok(admin, "host", "mod", "a1", "--power-on", "true");
    ok(admin, "host", "mod", "b1", "--power-on", "true");

    ok(alice, "host", "power", "a1", "on");
    refused(alice, "host", "power", "b1", "on").contains("commands on the server's machine");
    refused(bob, "host", "power", "a1", "on").contains("commands on the server's machine");

    Path control = Files.writeString(dir.resolve("here.control"), "job.run_test('sleeptest')\n");
    refused(bob, "job", "create", "-m", "localhost", "-f", control.toString(), "b-here")
        .contains("server's own machine");
    ok(admin, "acl", "add", "team-b", "-m", "localhost");
    ok(bob, "job", "create", "-m", "localhost", "-f", control.toString(), "b-here");
    refused(alice, "job", "create", "-m", "localhost", "-f", control.toString(), "a-here")
        .contains("server's own machine");
    ok(admin, "acl", "remove", "team-b", "-m", "localhost");
  }

  @Test
  void members_change_their_group_and_nobody_else_does() {
    ok(alice, "acl", "create", "team-c");
    refused(bob, "acl", "add", "team-c", "-u", "bob").contains("is not a member");
    ok(alice, "acl", "add", "team-c", "-u", "bob");
    ok(bob, "acl", "remove", "team-c", "-u", "alice");
    refused(alice, "acl", "delete", "team-c").contains("is not a member");
    refused(bob, "acl", "add", "Everyone", "-u", "alice").contains("Everyone");
    refused(bob, "acl", "delete", "Everyone").contains("Everyone");
    ok(bob, "acl", "delete", "team-c");
  }

  @Test
  void users_manage_their_own_passwords_and_tokens_and_admins_anyones() throws Exception {
    ok(admin, "user", "create", "carol");
    String carol = token(admin, "--user", "carol");
    assertThat(
            CliRunner.runWithInput(
                    "carol's long password\n",
                    withServer(carol, "user", "passwd", "--password-stdin"))
                .exitCode())
        .isZero();
    CliRunner.Result other =
        CliRunner.runWithInput(
            "not hers to set!!\n",
            withServer(carol, "user", "passwd", "alice", "--password-stdin"));
    assertThat(other.exitCode()).isNotZero();
    assertThat(other.err()).contains("users manage their own");
    assertThat(json(ok(carol, "user", "stat", "carol", "--json")).get("has_password").asBoolean())
        .isTrue();

    refused(carol, "token", "create", "--user", "alice").contains("users manage their own");
    String second = token(carol, "--name", "second");
    JsonNode listed = json(ok(carol, "token", "list", "--json"));
    assertThat(listed).extracting(t -> t.get("user").asText()).containsOnly("carol");
    assertThat(listed.toString()).doesNotContain(second).doesNotContain(carol);
    refused(carol, "token", "list", "--user", "alice").contains("users manage their own");
    JsonNode everybodys = json(ok(admin, "token", "list", "--json"));
    assertThat(everybodys)
        .extracting(t -> t.get("user").asText())
        .contains("alice", "bob", "carol");

    String aliceTokenId = json(ok(alice, "token", "list", "--json")).get(0).get("id").asText();
    refused(carol, "token", "revoke", aliceTokenId).contains("users manage their own");
    String secondId =
        listed.get(0).get("name").asText().equals("second")
            ? listed.get(0).get("id").asText()
            : listed.get(1).get("id").asText();
    ok(carol, "token", "revoke", secondId);
    assertThat(cli(second, "host", "list").err()).contains("token is not valid");

    ok(admin, "user", "delete", "carol");
    assertThat(cli(carol, "host", "list").err()).contains("token is not valid");
  }

  @Test
  void reads_need_a_login_by_default() throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      for (String path : List.of("/api/v1/jobs", "/api/v1/hosts", "/results/", "/metrics")) {
        HttpResponse<String> anonymous =
            http.send(
                HttpRequest.newBuilder(URI.create(url + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
        HttpResponse<String> withToken =
            http.send(
                HttpRequest.newBuilder(URI.create(url + path))
                    .header("Authorization", "Bearer " + bob)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).as(path).isEqualTo(200);
      }
    }
  }

  @Test
  void the_last_admin_stays() {
    refused(admin, "user", "delete", "admin").contains("last admin");
    refused(admin, "user", "mod", "admin", "--no-admin").contains("last admin");
  }

  private String token(String as, String... options) {
    List<String> args = new ArrayList<>(List.of("token", "create"));
    args.addAll(List.of(options));
    return ok(as, args.toArray(String[]::new)).strip();
  }

  private static String jobId(String out) {
    return out.replaceAll("(?s).*?job (\\d+).*", "$1");
  }

  private String ok(String token, String... args) {
    CliRunner.Result result = cli(token, args);
    assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
    return result.out();
  }

  private org.assertj.core.api.AbstractStringAssert<?> refused(String token, String... args) {
    CliRunner.Result result = cli(token, args);
    assertThat(result.exitCode()).as(String.join(" ", args) + " should be refused").isNotZero();
    return assertThat(result.err());
  }

  private CliRunner.Result cli(String token, String... args) {
    return CliRunner.run(withServer(token, args));
  }

  private String[] withServer(String token, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", url, "--token", token));
    return all.toArray(String[]::new);
  }

  private static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }
}
