package hangar.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The dashboard, host, drone, login and analysis pages in a real browser: lock and unlock a host,
 * power and reverify it, drain a worker, the perf plot against the API, and a user who is not an
 * admin offered no admin action.
 */
class LabPagesBrowserTest extends BrowserTestLab {
  @Test
  void the_dashboard_shows_the_queue_the_hosts_and_the_drones() throws Exception {
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
    // A job that fails shows up under the latest failures, with its reason, still without one.
    String failed =
        jobId(ok("job", "create", "-m", "localhost", "-f", "examples/failing.control", "broken"));
    browser.awaitText(By.id("failures"), "broken", 120);
    assertThat(browser.find(By.id("failures")).getText())
        .contains(failed, "admin", "localhost", "exited with status 1");
    assertThat(js("return window.hangarMarker;")).isEqualTo("dashboard");

    // A tab nobody looks at asks for nothing; shown again, it refreshes.
    js(
        "window.hangarPolls = 0;"
            + " document.addEventListener('htmx:afterRequest', () => window.hangarPolls++);"
            + " Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});");
    Thread.sleep(5_000);
    assertThat(js("return window.hangarPolls;")).isEqualTo(0L);
    js("delete document.hidden;");
    new org.openqa.selenium.support.ui.WebDriverWait(
            browser.driver(), java.time.Duration.ofSeconds(10))
        .until(d -> ((Number) js("return window.hangarPolls;")).longValue() > 0);

    browser.find(By.linkText(failed)).click();
    browser.awaitText(By.id("job-status"), "Failed", 20);
    browser.screenshot("dashboard-failure");
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
    JsonNode api = apiGet("/api/v1/results/perf?" + query);
    JsonNode points = api.path("points");
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
}
