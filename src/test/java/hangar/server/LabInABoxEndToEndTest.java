package hangar.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.testing.CliRunner;
import hangar.testing.HangarProcess;
import hangar.testing.LabBox;
import hangar.testing.Polling;
import hangar.testing.ServerClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed lab for real, built by {@code bin/labbox} with network namespaces: a {@code
 * hangar server} process on the bridge, two SSH drones it installs Hangar on, a worker that dials
 * it from its own namespace, a results host, and three hosts under test, each a real sshd. Jobs run
 * real commands on the hosts over SSH while drones crash, the worker's cable is pulled and the
 * results host goes down. Skipped unless root with iproute2, util-linux, OpenSSH and rsync.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabInABoxEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DRONE1 = LabBox.address("drone1");
  private static final String DRONE2 = LabBox.address("drone2");
  private static final String WORKER = "w1";
  private static final List<String> HOSTS = List.of("host1", "host2", "host3");
  private static final int MAX_PROCESSES_PER_DRONE = 2;
  private static final Duration START_UP = Duration.ofMinutes(2);
  private static final Duration JOB = Duration.ofMinutes(2);
  private static final Duration PAUSE = Duration.ofMillis(250);

  @TempDir static Path dir;

  @RegisterExtension
  final AfterTestExecutionCallback printLogsOnFailure =
      context -> {
        if (context.getExecutionException().isPresent()) {
          printLogs();
        }
      };

  private LabBox lab;
  private HangarProcess server;
  private HangarProcess worker;
  private ServerClient api;

  @BeforeAll
  void start() throws Exception {
    Optional<String> missing = LabBox.missingPrerequisites();
    assumeTrue(missing.isEmpty(), () -> "lab in a box skipped: " + missing.orElseThrow());
    try {
      startLab();
    } catch (Exception | AssertionError e) {
      printLogs();
      throw e;
    }
  }

  private void startLab() throws Exception {
    lab = LabBox.up(dir.resolve("lab"));
    lab.setSchedulerKey("max_processes_per_drone", Integer.toString(MAX_PROCESSES_PER_DRONE));
    // Short, so that a crashed drone is given up within the test.
    lab.setSchedulerKey("drone_lost_after_secs", "10");
    Path data = dir.resolve("master");
    server =
        HangarProcess.start(
            dir.resolve("server.log"),
            "server",
            "--bind",
            LabBox.address("master"),
            "--port",
            "0",
            "--data",
            data.toString(),
            "--config",
            lab.config().toString());
    String port =
        server.awaitOutput(Pattern.compile("server ready on port (\\d+)"), 1, START_UP).get(0);
    api =
        new ServerClient(
            "http://" + LabBox.address("master") + ":" + port,
            Files.readString(data.resolve("admin.token"), UTF_8).strip());
    for (String host : HOSTS) {
      succeed(cli("host", "create", LabBox.address(host), "--user", "root"));
    }
    worker = startWorker();
    awaitOnline(DRONE1, DRONE2, WORKER);
  }

  private HangarProcess startWorker() throws IOException {
    JsonNode created = JSON.readTree(succeed(cli("drone", "create", WORKER, "--json")).out());
    Path workerDir = Files.createDirectories(lab.dir().resolve("worker1").resolve(WORKER));
    return HangarProcess.startInNamespace(
        LabBox.netns("worker1"),
        dir.resolve("worker.log"),
        "drone",
        "--dir",
        workerDir.resolve("drone").toString(),
        "--master",
        api.url(),
        "--name",
        WORKER,
        "--token",
        created.get("token").asText(),
        "--heartbeat",
        "1",
        "--config",
        lab.config().toString());
  }

  @AfterAll
  void stop() {
    // Closed in reverse order, each even if another fails: the server (before the worker, so that
    // it does not wait for it), the worker, then the lab with the processes left in it.
    LabBox box = lab;
    HangarProcess dialer = worker;
    HangarProcess master = server;
    try (box;
        dialer;
        master) {
      // nothing to do: the resources close
    }
  }

  @Test
  @Order(1)
  void jobs_spread_over_both_ssh_drones_and_the_worker_within_max_processes_per_drone()
      throws Exception {
    long id = createJob("spread", holdingCommand("spread"), HOSTS);
    for (String host : HOSTS) {
      await(
          "the test of job " + id + " to run on " + host,
          () -> Files.exists(runs(host, "spread")) && dronesWithinCapacity());
    }

    JsonNode entries = stat(id).get("entries");
    assertThat(entries.findValuesAsText("drone"))
        .as("the drones of job %d's three entries", id)
        .containsExactlyInAnyOrder(DRONE1, DRONE2, WORKER);
    assertThat(entries.findValuesAsText("status")).containsOnly("Running");
    HOSTS.forEach(host -> release(host, "spread"));

    awaitJobStatus(id, "Completed");
    for (JsonNode entry : stat(id).get("entries")) {
      assertThat(entry.get("status").asText()).isEqualTo("Completed");
      assertLandedOnResultsHost(entry, "spread released");
    }
    for (String host : HOSTS) {
      assertThat(Files.readAllLines(runs(host, "spread"))).containsExactly("run");
    }
    CliRunner.Result listed = succeed(cli("job", "results", Long.toString(id)));
    for (String host : HOSTS) {
      assertThat(listed.out()).contains(LabBox.address(host) + "/status.log");
    }
    // Each status log was parsed on the drone or worker that ran it; only the records came back.
    JsonNode parsed = json(succeed(cli("job", "tests", Long.toString(id), "--json")).out());
    List<String> parsedOn = new java.util.ArrayList<>();
    parsed.forEach(folder -> parsedOn.add(folder.get("drone").asText()));
    assertThat(parsedOn).containsExactlyInAnyOrder(DRONE1, DRONE2, WORKER);
    for (JsonNode folder : parsed) {
      assertThat(folder.at("/results/status").asText()).isEqualTo("GOOD");
      assertThat(folder.at("/results/tests/0/name").asText()).isEqualTo("shell");
      assertThat(folder.at("/results/tests/0/status").asText()).isEqualTo("GOOD");
    }
  }

  @Test
  @Order(2)
  void a_worker_whose_link_is_cut_and_restored_mid_job_finishes_it_with_its_test_run_once()
      throws Exception {
    Pattern disconnected = Pattern.compile("worker " + WORKER + " disconnected: (.*)");
    Pattern connected = Pattern.compile("worker " + WORKER + " connected");
    int cutsBefore = server.output(disconnected).size();
    int linksBefore = server.output(connected).size();
    long id;
    setEnabled(false, DRONE1, DRONE2);
    try {
      id = createJob("cut", holdingCommand("cut"), List.of("host3"));
      await("the test to run on host3", () -> Files.exists(runs("host3", "cut")));
    } finally {
      setEnabled(true, DRONE1, DRONE2);
    }
    assertThat(entry(id, "host3").get("drone").asText()).isEqualTo(WORKER);

    lab.cut("worker1");
    try {
      server.awaitOutput(disconnected, cutsBefore + 1, JOB);
      // Released while the worker is cut off: the command ends on host3, and the worker hears of
      // it (and the master of the session's end) once its cable is back.
      release("host3", "cut");
    } finally {
      lab.mend("worker1");
    }
    server.awaitOutput(connected, linksBefore + 1, JOB);

    awaitJobStatus(id, "Completed");
    assertThat(Files.readAllLines(runs("host3", "cut"))).as("runs of the test").hasSize(1);
    String stdout = assertLandedOnResultsHost(entry(id, "host3"), "cut released");
    assertThat(stdout.lines().filter("cut released"::equals)).hasSize(1);
  }

  @Test
  @Order(3)
  void a_results_host_that_is_down_delays_the_transfer_and_loses_nothing() throws Exception {
    lab.crash("results");
    long id;
    String relative;
    try {
      id = createJob("delayed", "echo while the results host was down", List.of("host1"));
      relative = awaitEntry(id, "host1", "Gathering").get("results_url").asText();
      relative = relative.replaceFirst("^/results/", "").replaceFirst("/$", "");
      // Each tick tries again; two retries that failed show that it waits rather than gives up.
      server.awaitOutput(
          Pattern.compile("retrying the copy of " + Pattern.quote(relative) + " "), 2, JOB);
      assertThat(entry(id, "host1").get("status").asText()).isEqualTo("Gathering");
      assertThat(dir.resolve("master/results").resolve(relative).resolve("status.log")).exists();
      assertThat(resultsHostCopy(relative)).doesNotExist();
    } finally {
      lab.restartSshd("results");
    }

    awaitJobStatus(id, "Completed");
    assertLandedOnResultsHost(entry(id, "host1"), "while the results host was down");
  }

  @Test
  @Order(4)
  void a_crashed_drone_fails_its_job_as_lost_its_host_is_verified_and_the_other_jobs_finish()
      throws Exception {
    awaitOnline(DRONE1, DRONE2, WORKER);
    Map<String, Long> jobs = new LinkedHashMap<>();
    for (String host : HOSTS) {
      jobs.put(host, createJob("crash", holdingCommand("crash"), List.of(host)));
    }
    for (String host : HOSTS) {
      await("the test to run on " + host, () -> Files.exists(runs(host, "crash")));
    }
    String lostHost =
        HOSTS.stream()
            .filter(h -> entry(jobs.get(h), h).get("drone").asText().equals(DRONE1))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no job runs on " + DRONE1 + ": " + jobs));

    lab.crash("drone1");
    HOSTS.stream().filter(h -> !h.equals(lostHost)).forEach(h -> release(h, "crash"));

    JsonNode lost = awaitEntry(jobs.get(lostHost), lostHost, "Failed");
    assertThat(lost.get("reason").asText())
        .startsWith("drone " + DRONE1 + " lost: no answer for ")
        .endsWith(" s (drone_lost_after_secs)");
    assertThat(hostStatus(lostHost)).isEqualTo("Verifying");
    for (String host : HOSTS) {
      if (!host.equals(lostHost)) {
        awaitJobStatus(jobs.get(host), "Completed");
        assertLandedOnResultsHost(entry(jobs.get(host), host), "crash released");
      }
    }

    // The drone comes back: its session of the lost entry is forgotten there, never run again,
    // and the host passes its verify.
    lab.restartSshd("drone1");
    await(lostHost + " verified and Ready", () -> hostStatus(lostHost).equals("Ready"));
    String session = "hqe-" + lost.get("id").asLong();
    Path droneDir = lab.root("drone1").resolve("drone");
    await(
        "drone1 to forget " + session,
        () ->
            !CliRunner.run("drone", "--dir", droneDir.toString(), "--status")
                .out()
                .contains(session));
    release(lostHost, "crash");
    assertThat(Files.readAllLines(runs(lostHost, "crash"))).hasSize(1);
  }

  /**
   * A shell command for a host under test: notes its run in its private folder, then waits there
   * until the test releases it.
   */
  private static String holdingCommand(String name) {
    String folder = "/opt/hangar-lab/" + name;
    return "mkdir -p "
        + folder
        + "; echo run >> "
        + folder
        + "/runs; while [ ! -e "
        + folder
        + "/release ]; do sleep 0.2; done; echo "
        + name
        + " released";
  }

  /** The file where {@link #holdingCommand} notes each run on that host. */
  private Path runs(String host, String name) {
    return lab.root(host).resolve(name).resolve("runs");
  }

  private void release(String host, String name) {
    try {
      Files.writeString(lab.root(host).resolve(name).resolve("release"), "go");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the test of " + name + " on " + host, e);
    }
  }

  private long createJob(String name, String command, List<String> hosts) throws IOException {
    Path control =
        Files.writeString(
            dir.resolve(name + ".control"), "job.run_test('shell', command: '" + command + "')\n");
    List<String> machines = hosts.stream().map(LabBox::address).toList();
    CliRunner.Result job =
        succeed(
            cli(
                "job",
                "create",
                "-m",
                String.join(",", machines),
                "-f",
                control.toString(),
                name,
                "--json"));
    return JSON.readTree(job.out()).get("id").asLong();
  }

  /**
   * Checks the entry's results on the results host, and that the server serves them from there.
   *
   * @return the test's standard output
   */
  private String assertLandedOnResultsHost(JsonNode entry, String printed) throws Exception {
    String relative =
        entry.get("results_url").asText().replaceFirst("^/results/", "").replaceFirst("/$", "");
    Path landed = resultsHostCopy(relative);
    assertThat(landed.resolve("status.log")).content(UTF_8).contains("END GOOD\tshell");
    String stdout = Files.readString(landed.resolve("shell/debug/stdout"), UTF_8);
    assertThat(stdout).contains(printed);
    assertThat(dir.resolve("master/results").resolve(relative)).doesNotExist();

    HttpResponse<String> served = api.get("/results/" + relative + "/status.log");
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("X-Hangar-Results-Host"))
        .hasValue(LabBox.address("results"));
    assertThat(served.body()).isEqualTo(Files.readString(landed.resolve("status.log"), UTF_8));
    return stdout;
  }

  /**
   * Where the results host keeps a results folder: under its results_host_installation_directory.
   */
  private Path resultsHostCopy(String relative) {
    return lab.root("results").resolve("results").resolve(relative);
  }

  /**
   * True when no drone runs more sessions than max_processes_per_drone; fails at once if one does.
   */
  private boolean dronesWithinCapacity() {
    for (JsonNode drone : drones()) {
      assertThat(drone.get("running").asInt())
          .as("sessions running on drone %s", drone.get("name").asText())
          .isLessThanOrEqualTo(MAX_PROCESSES_PER_DRONE);
    }
    return true;
  }

  /** Waits for a condition that asks the server or reads files: a few times a second. */
  private static void await(String what, BooleanSupplier condition) {
    Polling.await(
        what, JOB, PAUSE, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
  }

  private void awaitOnline(String... names) {
    for (String name : names) {
      Polling.await(
          "drone " + name + " online",
          START_UP,
          PAUSE,
          () ->
              StreamSupport.stream(drones().spliterator(), false)
                  .filter(d -> d.get("name").asText().equals(name))
                  .filter(d -> d.get("state").asText().equals("online"))
                  .findFirst());
    }
  }

  private JsonNode drones() {
    return json(succeed(cli("drone", "list", "--json")).out());
  }

  private void setEnabled(boolean enabled, String... names) {
    for (String name : names) {
      succeed(cli("drone", "mod", name, enabled ? "--enable" : "--disable"));
    }
  }

  private void awaitJobStatus(long id, String status) {
    Polling.await(
        "job " + id + " " + status,
        JOB,
        PAUSE,
        () -> Optional.of(stat(id)).filter(s -> s.get("status").asText().equals(status)));
  }

  private JsonNode awaitEntry(long id, String host, String status) {
    return Polling.await(
        "job " + id + " on " + host + " " + status,
        JOB,
        PAUSE,
        () -> Optional.of(entry(id, host)).filter(e -> e.get("status").asText().equals(status)));
  }

  private JsonNode entry(long id, String host) {
    for (JsonNode entry : stat(id).get("entries")) {
      if (entry.get("host").asText().equals(LabBox.address(host))) {
        return entry;
      }
    }
    throw new AssertionError("job " + id + " has no entry on " + host);
  }

  private JsonNode stat(long id) {
    return json(succeed(cli("job", "stat", Long.toString(id), "--json")).out());
  }

  private String hostStatus(String host) {
    return json(succeed(cli("host", "stat", LabBox.address(host), "--json")).out())
        .get("status")
        .asText();
  }

  private CliRunner.Result cli(String... args) {
    return api.cli(args);
  }

  private static CliRunner.Result succeed(CliRunner.Result result) {
    assertThat(result.exitCode()).as("hangar: %s%s", result.out(), result.err()).isZero();
    return result;
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("hangar printed something that is not JSON: " + text, e);
    }
  }

  /** The master's and the worker's logs, into the test's output: only read when a test failed. */
  private void printLogs() throws IOException {
    for (HangarProcess process : new HangarProcess[] {server, worker}) {
      if (process != null && Files.exists(process.log())) {
        List<String> lines = Files.readAllLines(process.log(), UTF_8);
        System.out.println("---- last lines of " + process.log());
        lines.subList(Math.max(0, lines.size() - 300), lines.size()).forEach(System.out::println);
      }
    }
  }
}
