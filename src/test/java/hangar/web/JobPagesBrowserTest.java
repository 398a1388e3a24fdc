package hangar.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The job pages in a real browser: create a job from the form and watch it run, clone one, abort
 * one, read a wait reason and special tasks, filter and page the list.
 */
class JobPagesBrowserTest extends BrowserTestLab {
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
  void every_field_of_the_form_reaches_the_job_and_a_control_file_can_be_uploaded()
      throws Exception {
    for (String host : List.of("f1", "f2", "f3")) {
      ok("host", "create", host, "--lock");
    }
    ok("label", "create", "fast-disk");
    ok("label", "add", "fast-disk", "-m", "f1,f2,f3");
    Path upload = Files.writeString(dir.resolve("uploaded.control"), "job.run_test('sleeptest')\n");
    browser.go("/jobs/new");
    browser.find(By.name("name")).sendKeys("every-field");
    browser.driver().findElement(By.name("machines")).sendKeys("f1 2*fast-disk");
    browser
        .driver()
        .findElement(By.cssSelector("input[data-file-into]"))
        .sendKeys(upload.toString());
    browser.awaitValue(By.name("control_file"), "job.run_test('sleeptest')");
    select("control_type", "server (admins)");
    select("priority", "urgent");
    set("synch_count", "2");
    set("dependencies", "fast-disk");
    select("reboot_before", "Never");
    select("reboot_after", "Always");
    WebElement verify = browser.driver().findElement(By.name("run_verify"));
    boolean verifyByDefault = verify.isSelected();
    verify.click();
    set("timeout_minutes", "90");
    set("max_runtime_minutes", "45");
    set("email_list", "lab@example.org, oncall@example.org");
    browser.screenshot("job-form-filled");
    browser.driver().findElement(By.cssSelector("#new-job button[type=submit]")).click();
    browser.awaitText(By.tagName("h1"), "every-field", 20, By.id("flash"));
    String id = browser.driver().getCurrentUrl().replaceAll(".*/jobs/(\\d+)$", "$1");

    JsonNode job = apiGet("/api/v1/jobs/" + id);
    assertThat(job.path("control_file").asText()).isEqualTo("job.run_test('sleeptest')\n");
    assertThat(job.path("control_type").asText()).isEqualToIgnoringCase("server");
    assertThat(job.path("priority").asInt()).isEqualTo(hangar.lab.Priority.parse("urgent").value());
    assertThat(job.path("synch_count").asInt()).isEqualTo(2);
    assertThat(job.path("dependencies").toString()).contains("fast-disk");
    assertThat(job.path("reboot_before").asText()).isEqualToIgnoringCase("never");
    assertThat(job.path("reboot_after").asText()).isEqualToIgnoringCase("always");
    assertThat(job.path("run_verify").asBoolean()).isEqualTo(!verifyByDefault);
    assertThat(job.path("timeout_minutes").asInt()).isEqualTo(90);
    assertThat(job.path("max_runtime_minutes").asInt()).isEqualTo(45);
    assertThat(job.path("email_list").asText()).isEqualTo("lab@example.org, oncall@example.org");
    assertThat(job.path("entries").toString()).contains("\"f1\"", "fast-disk");
    assertThat(job.path("entries")).hasSize(3);
    ok("job", "abort", id);

    // A bad value is refused by the API with what to do, shown in the form, and nothing is made.
    browser.go("/jobs/new");
    browser.find(By.name("name")).sendKeys("no-such-host");
    browser.driver().findElement(By.name("machines")).sendKeys("nowhere7");
    browser.driver().findElement(By.name("control_file")).sendKeys("job.run_test('sleeptest')");
    browser.driver().findElement(By.cssSelector("#new-job button[type=submit]")).click();
    browser.awaitText(By.id("flash"), "nowhere7", 20);
    browser.screenshot("job-form-refused");
    assertThat(browser.driver().getCurrentUrl()).endsWith("/jobs/new");
    assertThat(ok("job", "list", "--name", "no-such-host")).doesNotContain("no-such-host");
  }

  @Test
  void an_atomic_group_job_is_created_from_the_form() throws Exception {
    for (String host : List.of("g1", "g2")) {
      ok("host", "create", host, "--lock");
    }
    ok("label", "create", "rack-g");
    ok("label", "add", "rack-g", "-m", "g1,g2");
    ok("atomicgroup", "create", "rack-g-pair", "-n", "2");
    ok("atomicgroup", "add", "rack-g-pair", "-l", "rack-g");
    browser.go("/jobs/new");
    browser.find(By.name("name")).sendKeys("grouped");
    set("atomic_group", "rack-g-pair");
    browser.driver().findElement(By.name("control_file")).sendKeys("job.run_test('sleeptest')");
    set("synch_count", "2");
    browser.driver().findElement(By.cssSelector("#new-job button[type=submit]")).click();
    browser.awaitText(By.tagName("h1"), "grouped", 20, By.id("flash"));
    String id = browser.driver().getCurrentUrl().replaceAll(".*/jobs/(\\d+)$", "$1");
    JsonNode job = apiGet("/api/v1/jobs/" + id);
    assertThat(job.path("atomic_group").asText()).isEqualTo("rack-g-pair");
    assertThat(job.path("synch_count").asInt()).isEqualTo(2);
    browser.screenshot("job-atomic-group");
    ok("job", "abort", id);
  }

  @Test
  void the_job_list_pages_through_older_jobs_keeping_its_filter() throws IOException {
    for (int i = 1; i <= 53; i++) {
      ok("job", "create", "-m", "b1", "-t", "sleeptest", String.format("paged-%02d", i));
    }
    ok("job", "create", "-m", "b1", "-t", "sleeptest", "not-in-the-filter");
    browser.go("/jobs?name=paged-");
    List<WebElement> first = browser.driver().findElements(By.cssSelector("#jobs tbody tr"));
    assertThat(first).hasSize(50);
    assertThat(first.get(0).getText()).contains("paged-53");
    assertThat(first.get(49).getText()).contains("paged-04");
    browser.find(By.linkText("Older jobs →")).click();
    browser.awaitText(By.id("jobs"), "paged-01", 20);
    List<WebElement> second = browser.driver().findElements(By.cssSelector("#jobs tbody tr"));
    assertThat(second).hasSize(3);
    assertThat(browser.find(By.id("jobs")).getText())
        .contains("paged-03", "paged-02", "paged-01")
        .doesNotContain("not-in-the-filter", "paged-04");
    assertThat(browser.driver().findElements(By.linkText("Older jobs →"))).isEmpty();
    browser.screenshot("jobs-second-page");
    browser.find(By.linkText("← Newest jobs")).click();
    browser.awaitText(By.id("jobs"), "paged-53", 20);
    assertThat(browser.driver().findElements(By.cssSelector("#jobs tbody tr"))).hasSize(50);
    assertThat(browser.driver().findElements(By.linkText("← Newest jobs"))).isEmpty();
  }

  private void set(String field, String value) {
    WebElement input = browser.driver().findElement(By.name(field));
    input.clear();
    input.sendKeys(value);
  }

  private void select(String field, String option) {
    new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.name(field)))
        .selectByVisibleText(option);
  }
}
