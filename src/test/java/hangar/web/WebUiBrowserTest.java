package hangar.web;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.server.ServerRole;
import hangar.testing.CliRunner;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.io.IOException;
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
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The web pages in a real browser against a real server on H2: log in, create a job from the form
 * and watch it run, abort one, read a wait reason, lock and unlock a host, and see that a user who
 * is not an admin is offered no admin action. Each test leaves a screenshot in {@code
 * target/screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiBrowserTest {
  private static final String ADMIN_PASSWORD = "hangar-admin-pw";
  private static final String ALICE_PASSWORD = "alice-in-the-lab";

  @TempDir static Path dir;

  private DatabaseSettings database;
  private ServerRole server;
  private String url;
  private Browser browser;

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

  @Test
  void the_dashboard_shows_the_queue_the_hosts_and_the_drones() throws IOException {
    browser.go("/");
    browser.awaitText(By.id("drones"), "localhost", 20);
    assertThat(browser.find(By.id("hosts-by-status")).getText()).contains("Ready", "Locked");
    assertThat(browser.find(By.id("queue")).getText()).contains("Queued", "Running");
    browser.screenshot("dashboard");
    // It keeps itself up to date: a new urgent job shows up in the queue without a reload.
    js("window.hangarMarker = 'dashboard';");
    ok("job", "create", "-m", "a1", "-t", "sleeptest", "-p", "urgent", "urgent-one");
    browser.awaitText(By.id("queue"), "urgent", 20);
    assertThat(js("return window.hangarMarker;")).isEqualTo("dashboard");
  }

  @Test
  void a_job_is_cloned_from_its_page_into_a_filled_form() {
    String id = jobId(ok("job", "create", "-m", "a1", "-t", "sleeptest", "-p", "high", "to-clone"));
    browser.go("/jobs/" + id);
    browser.find(By.linkText("Clone")).click();
    browser.awaitText(By.tagName("h1"), "Clone of job " + id, 20);
    assertThat(browser.find(By.name("name")).getAttribute("value")).isEqualTo("to-clone");
    assertThat(browser.driver().findElement(By.name("machines")).getAttribute("value"))
        .contains("a1");
    assertThat(
            browser
                .driver()
                .findElement(By.cssSelector("select[name=priority] option:checked"))
                .getText())
        .isEqualTo("high");
    browser.driver().findElement(By.name("name")).clear();
    browser.driver().findElement(By.name("name")).sendKeys("the-clone");
    browser.driver().findElement(By.cssSelector("#new-job button[type=submit]")).click();
    browser.awaitText(By.tagName("h1"), "the-clone", 20);
    assertThat(browser.find(By.cssSelector("dl.facts")).getText()).contains("high");
  }

  @Test
  void a_job_created_from_the_form_runs_and_its_status_log_grows_without_a_reload()
      throws IOException {
    browser.go("/jobs/new");
    browser.find(By.name("name")).sendKeys("from-the-form");
    browser.driver().findElement(By.name("machines")).sendKeys("localhost");
    WebElement control = browser.driver().findElement(By.name("control_file"));
    control.sendKeys(
        "job.run_test('sleeptest', seconds: 3)\njob.run_test('shell', command: 'echo web')\n");
    browser.driver().findElement(By.cssSelector("#new-job button[type=submit]")).click();
    browser.awaitText(By.tagName("h1"), "from-the-form", 20);
    String jobPath = browser.driver().getCurrentUrl().substring(url.length());
    assertThat(jobPath).matches("/jobs/\\d+");
    js("window.hangarMarker = 'same page';");

    browser.awaitText(By.cssSelector("pre.statuslog"), "START", 60);
    browser.screenshot("job-running");
    browser.awaitText(By.id("job-status"), "Completed", 120);
    browser.awaitText(By.cssSelector("pre.statuslog"), "END GOOD", 30);
    assertThat(js("return window.hangarMarker;")).isEqualTo("same page");
    assertThat(browser.find(By.id("entries")).getText()).contains("localhost", "Completed");
    browser.screenshot("job-completed");

    ok("job", "stat", jobPath.substring("/jobs/".length()));
  }

  @Test
  void an_owner_aborts_a_job_from_its_page() throws IOException {
    String id = jobId(ok("job", "create", "-m", "a1", "-t", "sleeptest", "held-on-a-locked-host"));
    browser.go("/jobs/" + id);
    browser.find(By.id("abort")).click();
    browser.driver().switchTo().alert().accept();
    browser.awaitText(By.id("job-status"), "Aborted", 60);
    browser.screenshot("job-aborted");
  }

  @Test
  void a_queued_job_says_what_it_waits_for() throws IOException {
    String id = jobId(ok("job", "create", "-m", "*arm", "-t", "sleeptest", "wants-arm"));
    browser.go("/jobs/" + id);
    browser.awaitText(By.id("entries"), "waiting", 60);
    assertThat(browser.find(By.id("entries")).getText()).contains("arm");
    browser.screenshot("job-waiting");
  }

  @Test
  void a_host_is_locked_with_a_reason_and_unlocked_from_its_page() throws IOException {
    ok("host", "mod", "b1", "--unlock");
    browser.go("/hosts/b1");
    browser.find(By.cssSelector("#lock input[name=lock_reason]")).sendKeys("bad disk in slot 2");
    browser.driver().findElement(By.cssSelector("#lock button[type=submit]")).click();
    browser.awaitText(By.id("lock-state"), "bad disk in slot 2", 20);
    assertThat(browser.find(By.id("lock-state")).getText()).contains("yes, by admin");
    browser.screenshot("host-locked");
    browser.find(By.cssSelector("#unlock button[type=submit]")).click();
    browser.awaitText(By.id("lock-state"), "no", 20);
    assertThat(ok("host", "stat", "b1")).doesNotContain("bad disk");
  }

  @Test
  void hosts_are_filtered_and_an_admin_reverifies_and_powers_one_from_its_page()
      throws IOException {
    ok("host", "create", "p1", "--lock", "--power-on", "echo powered on by the web page");
    ok("label", "create", "lab-x");
    ok("label", "add", "lab-x", "-m", "p1");
    browser.go("/hosts?label=lab-x");
    assertThat(browser.find(By.id("hosts")).getText()).contains("p1").doesNotContain("b1");
    browser.go("/hosts?locked=true&acl=lab-team");
    assertThat(browser.find(By.id("hosts")).getText()).contains("a1").doesNotContain("p1");
    browser.go("/hosts?status=Repair%20Failed&label=lab-x");
    assertThat(browser.find(By.id("hosts")).getText()).contains("No hosts match.");

    browser.go("/hosts/p1");
    browser.find(By.xpath("//button[text()='Power on']")).click();
    browser.driver().switchTo().alert().accept();
    browser.awaitText(By.id("flash"), "on: exit status 0", 30);
    assertThat(browser.find(By.id("flash")).getText()).contains("powered on by the web page");
    browser.screenshot("host-powered");
    browser.find(By.id("reverify")).click();
    browser.awaitText(By.id("history"), "verify", 30);
  }

  @Test
  void a_user_who_is_not_an_admin_gets_no_admin_action() throws IOException {
    String id = jobId(ok("job", "create", "-m", "a1", "-t", "sleeptest", "admins-own"));
    try (Browser alice = Browser.open(url)) {
      alice.logIn("alice", ALICE_PASSWORD);
      assertThat(alice.find(By.tagName("header")).getText()).doesNotContain("admin");
      alice.go("/drones");
      alice.awaitText(By.id("drone-list"), "localhost", 20);
      assertThat(alice.driver().findElements(By.xpath("//button[text()='Drain']"))).isEmpty();
      assertThat(alice.driver().findElements(By.id("new-worker"))).isEmpty();
      alice.go("/jobs/" + id);
      alice.find(By.id("entries"));
      assertThat(alice.driver().findElements(By.id("abort"))).isEmpty();
      alice.go("/hosts/a1");
      alice.find(By.id("lock-state"));
      assertThat(alice.driver().findElements(By.id("unlock"))).isEmpty();
      assertThat(alice.driver().findElements(By.id("reverify"))).isEmpty();
      alice.screenshot("non-admin-host");
      alice.logOut();
      alice.go("/");
      alice.find(By.id("login"));
    }
    // The admin, on the same pages, gets them.
    browser.go("/drones");
    browser.awaitText(By.id("drone-list"), "localhost", 20);
    assertThat(browser.driver().findElements(By.xpath("//button[text()='Drain']"))).isNotEmpty();
    browser.go("/hosts/a1");
    assertThat(browser.find(By.id("unlock")).isDisplayed()).isTrue();
  }

  @Test
  void a_page_asked_for_without_a_login_sends_the_browser_to_the_login_page() {
    try (Browser anonymous = Browser.open(url)) {
      anonymous.go("/jobs?owner=admin");
      anonymous.find(By.id("login"));
      assertThat(anonymous.driver().getCurrentUrl()).contains("/login?next=");
      anonymous.find(By.name("login")).sendKeys("alice");
      anonymous.driver().findElement(By.name("password")).sendKeys("not her password");
      anonymous.driver().findElement(By.cssSelector("form#login button[type=submit]")).click();
      anonymous.awaitText(By.id("flash"), "login or password is wrong", 20);
      anonymous.driver().findElement(By.name("password")).clear();
      anonymous.driver().findElement(By.name("password")).sendKeys(ALICE_PASSWORD);
      anonymous.driver().findElement(By.cssSelector("form#login button[type=submit]")).click();
      anonymous.awaitText(By.tagName("h1"), "Jobs", 20);
      assertThat(anonymous.driver().getCurrentUrl()).endsWith("/jobs?owner=admin");
    }
  }

  @Test
  void the_perf_plot_draws_the_points_the_api_gives_and_the_grid_and_compare_pages_agree()
      throws Exception {
    Path control =
        Files.writeString(
            dir.resolve("perf.control"),
            "job.run_test('shell', command: 'sleep 0.2', iterations: 3)\n");
    String first = jobId(ok("job", "create", "-m", "localhost", "-f", control.toString(), "p1"));
    ok("job", "watch", first);
    String second = jobId(ok("job", "create", "-m", "localhost", "-f", control.toString(), "p2"));
    ok("job", "watch", second);

    String query = "metric=elapsed_seconds&by=job&test=shell";
    browser.go("/analysis/perf?" + query);
    browser.find(By.cssSelector("#perf-plot canvas"));
    @SuppressWarnings("unchecked")
    List<List<Object>> drawn = (List<List<Object>>) js("return window.hangarPlot.data;");
    com.fasterxml.jackson.databind.JsonNode api = apiGet("/api/v1/results/perf?" + query);
    com.fasterxml.jackson.databind.JsonNode points = api.path("points");
    assertThat(points.size()).isGreaterThanOrEqualTo(2);
    assertThat(drawn.get(0)).hasSize(points.size());
    for (int i = 0; i < points.size(); i++) {
      assertThat(((Number) drawn.get(1).get(i)).doubleValue())
          .isEqualTo(points.get(i).path("min").asDouble());
      assertThat(((Number) drawn.get(2).get(i)).doubleValue())
          .isEqualTo(points.get(i).path("median").asDouble());
      assertThat(((Number) drawn.get(3).get(i)).doubleValue())
          .isEqualTo(points.get(i).path("max").asDouble());
    }
    assertThat(points.get(points.size() - 1).path("x").asText()).isEqualTo(second);
    assertThat(points.get(points.size() - 1).path("values").asInt()).isEqualTo(3);
    browser.screenshot("analysis-perf");

    browser.go("/analysis?by=job&test=shell");
    assertThat(browser.find(By.id("results-grid")).getText()).contains("shell", first, second);
    browser.screenshot("analysis-grid");

    browser.go("/analysis/compare?a_job=" + first + "&b_job=" + second + "&threshold=1000");
    assertThat(browser.find(By.id("compare-metrics")).getText()).contains("elapsed_seconds");
    assertThat(browser.find(By.id("regressions")).getText()).startsWith("0 regression");
    browser.go("/jobs/" + second);
    browser.awaitText(By.id("tests"), "elapsed_seconds", 30);
    browser.screenshot("job-tests");
  }

  @Test
  void a_host_page_shows_the_console_of_the_session_running_on_it() throws Exception {
    ok(
        "host",
        "mod",
        "localhost",
        "--console",
        "sh -c 'while true; do echo console-line; sleep 1; done'");
    try {
      Path control =
          Files.writeString(
              dir.resolve("console.control"), "job.run_test('sleeptest', seconds: 20)\n");
      String id =
          jobId(ok("job", "create", "-m", "localhost", "-f", control.toString(), "console"));
      long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      do {
        browser.go("/hosts/localhost");
        Thread.sleep(500);
      } while (browser.driver().findElements(By.id("console")).isEmpty()
          && System.nanoTime() < until);
      browser.awaitText(By.id("console"), "console-line", 30);
      browser.screenshot("host-console");
      ok("job", "abort", id);
    } finally {
      ok("host", "mod", "localhost", "--console", "");
    }
  }

  @Test
  void the_job_list_filters_by_name_label_and_day_and_aborts_the_selected_jobs()
      throws IOException {
    String held = jobId(ok("job", "create", "-m", "a1", "-t", "sleeptest", "needle-one"));
    ok("job", "create", "-m", "*arm", "-t", "sleeptest", "needle-two");
    browser.go("/jobs?name=NEEDLE");
    assertThat(browser.find(By.id("jobs")).getText()).contains("needle-one", "needle-two");
    browser.go(
        "/jobs?name=needle&label=arm&since=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC));
    String labelled = browser.find(By.id("jobs")).getText();
    assertThat(labelled).contains("needle-two", "needle-one"); // a1 carries arm too
    browser.go("/jobs?name=needle-one");
    browser.find(By.cssSelector("input[name=job][value='" + held + "']")).click();
    browser.driver().findElement(By.cssSelector("#job-list button[type=submit]")).click();
    browser.driver().switchTo().alert().accept();
    browser.awaitText(By.id("jobs"), "Aborted", 60);
    browser.go("/jobs?until=2000-01-01");
    assertThat(browser.find(By.id("jobs")).getText()).contains("No jobs match.");
    browser.go("/jobs?since=yesterday");
    assertThat(browser.find(By.id("error")).getText()).contains("since must be a date");
    browser.screenshot("jobs-bad-filter");
  }

  @Test
  void a_job_page_shows_the_special_tasks_of_its_entries() throws IOException {
    ok("host", "create", "c1");
    // c1 is no machine this test can reach: the verify the job asks for runs and fails.
    String id = jobId(ok("job", "create", "-m", "c1", "-t", "sleeptest", "-v", "verified"));
    browser.go("/jobs/" + id);
    browser.awaitText(By.id("entries"), "verify: ", 60);
    browser.screenshot("job-special-task");
    ok("job", "abort", id);
  }

  @Test
  void an_admin_creates_a_worker_sees_its_token_once_and_drains_it() throws IOException {
    browser.go("/drones");
    browser.find(By.cssSelector("#new-worker input[name=name]")).sendKeys("rack3-w1");
    browser.driver().findElement(By.cssSelector("#new-worker button[type=submit]")).click();
    browser.awaitText(By.id("flash"), "worker rack3-w1 created", 20);
    String token = browser.find(By.id("token-value")).getText();
    assertThat(token).hasSizeGreaterThan(20);
    browser.screenshot("drones-new-worker");
    browser.go("/drones");
    assertThat(browser.driver().findElements(By.id("token-value")).get(0).getText()).isEmpty();
    browser.find(By.xpath("//tr[@data-drone='rack3-w1']//button[text()='Drain']")).click();
    browser.awaitText(By.cssSelector("tr[data-drone='rack3-w1']"), "draining", 20);
    assertThat(ok("drone", "list")).contains("rack3-w1");
    browser.find(By.xpath("//tr[@data-drone='rack3-w1']//button[text()='Enable']")).click();
    browser.awaitText(By.cssSelector("tr[data-drone='rack3-w1'] td:last-child"), "Drain", 20);
  }

  @Test
  void the_login_page_sends_a_browser_back_only_to_a_path_of_this_server() throws Exception {
    for (String next : List.of("//evil.example/", "/\\evil.example/", "https://evil.example/")) {
      java.net.http.HttpResponse<String> page =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              url + "/login?next=" + java.net.URLEncoder.encode(next, "UTF-8")))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(page.body()).as(next).contains("data-next=\"/\"");
      assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
          .contains("script-src 'self'", "frame-ancestors 'none'");
    }
  }

  private com.fasterxml.jackson.databind.JsonNode apiGet(String path) throws Exception {
    java.net.http.HttpResponse<String> answer =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + path))
                    .header("Authorization", "Bearer " + server.adminToken())
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body());
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser.driver()).executeScript(script);
  }

  private static String jobId(String out) {
    return out.replaceAll("(?s).*?job (\\d+).*", "$1");
  }

  private String ok(String... args) {
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

  static {
    try {
      Files.createDirectories(Browser.SCREENSHOTS);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
