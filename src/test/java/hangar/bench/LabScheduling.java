package hangar.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab benchmark's scheduling scenarios on a fresh database and a data folder of their own, with
 * every host but the last labelled {@value #LABEL} and the last, locked, the only one with {@value
 * #RARE}. The roles run as users run them ({@link RoleProcess}): a frontend ({@code server
 * --no-scheduler}) with a separate {@code hangar scheduler} for the start from a full queue, then
 * the all-in-one {@code hangar server} on the same database and data for the rest.
 */
final class LabScheduling implements AutoCloseable {
  static final String LABEL = "lab";
  static final String RARE = "rare";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern READY = Pattern.compile("server ready on port (\\d+)");
  private static final Pattern RUNNING = Pattern.compile("Hangar scheduler .* running");
  private static final Pattern FIRST_TICK =
      Pattern.compile("first tick took (\\d+) ms, (\\d+) ms after the process started.*");
  private static final int BATCH = 1000;
  private static final java.util.Set<String> RUNNING_OR_LATER =
      java.util.Set.of("Running", "Gathering", "Parsing", "Completed");

  /**
   * What the start of {@code hangar scheduler} with a full queue gave: its first tick (length, and
   * seconds from the launch to its end), seconds from the launch until every host was running a job
   * and until all jobs completed, its resident memory, and the CPU seconds the jobs cost.
   */
  record Start(
      double firstTickMs,
      double firstTickEndS,
      double runningS,
      double completedS,
      long schedulerMb,
      double hostsCpuS,
      double droneCpuS,
      double schedulerCpuS) {}

  /** The all-in-one server's first tick, and the frontend's memory before it stopped. */
  record AllInOne(double firstTickMs, double firstTickEndS, long frontendMb) {}

  /** One job: seconds from its submission to Running and to Completed. */
  record OneJob(double toRunningS, double toCompletedS) {}

  /** The ticks while jobs were blocked: how many, and their mean length. */
  record Ticks(double count, double meanMs) {}

  private final Path dir;
  private final DatabaseSettings database;
  private final Path config;
  private final LoopbackHosts hosts;
  private final Map<String, String> env;
  private final List<RoleProcess> running = new ArrayList<>();
  private LabApi api;

  private LabScheduling(
      Path dir, DatabaseSettings database, Path config, LoopbackHosts hosts, Path cache) {
    this.dir = dir;
    this.database = database;
    this.config = config;
    this.hosts = hosts;
    this.env = Map.of("HANGAR_SERVER_CACHE", cache.toString());
  }

  /** A fresh database on {@code db} and a config reaching it and the hosts, in {@code dir}. */
  static LabScheduling create(DbType db, LoopbackHosts hosts, Path dir) throws IOException {
    Files.createDirectories(dir);
    DatabaseSettings database =
        db == DbType.H2 ? DatabaseSettings.defaults() : TestDatabases.fresh(db);
    // Production's pause between ticks (5 s): what ends sessions and starts jobs sooner is the
    // event-driven path, as in a real lab.
    Path config =
        TestConfigs.write(dir.resolve("global_config.ini"), database, "tick_pause_sec: 5");
    Files.writeString(config, hosts.sshSection(), StandardOpenOption.APPEND);
    return new LabScheduling(dir, database, config, hosts, dir.resolve("server-cache"));
  }

  /** The lab hosts: every host but the last. */
  int labHosts() {
    return hosts.size() - 1;
  }

  /**
   * Starts the frontend, registers the hosts and runs one short job on each lab host under a
   * scheduler that is then stopped (its drone daemon stays, as it would between restarts), so that
   * every host is known to work and the roles' class-data archive is recorded.
   */
  void prepare() throws Exception {
    startFrontend();
    api.createLabel(LABEL).required("create label " + LABEL);
    api.createLabel(RARE).required("create label " + RARE);
    for (int h = 0; h < labHosts(); h++) {
      api.createHost(hosts.record(h, LABEL)).required("register " + hosts.name(h));
    }
    int rare = labHosts();
    api.createHost(hosts.record(rare, RARE)).required("register " + hosts.name(rare));
    api.lockHost(hosts.name(rare), "lab benchmark: holds the label no job can get")
        .required("lock " + hosts.name(rare));
    RoleProcess scheduler = startScheduler();
    List<ObjectNode> jobs = new ArrayList<>();
    for (int h = 0; h < labHosts(); h++) {
      jobs.add(job("warm-" + h, 0.1).put("priority", 1));
      jobs.getLast().putArray("hosts").add(hosts.name(h));
    }
    submit(jobs);
    LabProbe.awaitFinished(api, "warm-", labHosts());
    System.err.printf(
        Locale.ROOT, "benchmark: a job ran on each of the %d lab hosts over SSH%n", labHosts());
    LabProbe.awaitArchive(Path.of(env.get("HANGAR_SERVER_CACHE")));
    stop(scheduler);
  }

  /**
   * {@code queued} one-label jobs of {@code seconds} each wait; then {@code hangar scheduler}
   * starts. Measures from its launch: its first tick, every lab host running a job, and every job
   * Completed.
   */
  Start queuedFromStart(int queued, double seconds) throws Exception {
    List<ObjectNode> jobs = new ArrayList<>();
    for (int i = 0; i < queued; i++) {
      jobs.add(job("queued-" + i, seconds));
      jobs.getLast().putArray("meta_hosts").add(LABEL);
    }
    submit(jobs);
    System.err.printf(
        Locale.ROOT, "benchmark: %d jobs queued; starting hangar scheduler%n", queued);
    long drone =
        DroneDaemons.pidOf(data().resolve("drone"))
            .orElseThrow(() -> new IllegalStateException("the lab's drone daemon is not running"));
    double hostsCpu = hosts.cpuSeconds();
    double droneCpu = LabProbe.cpuSeconds(drone, true);
    RoleProcess scheduler = launchScheduler("scheduler-measured.log");
    // Nothing reads the lab while the scheduler starts: on two cores a reader slows it.
    Matcher first = scheduler.await(FIRST_TICK);
    System.err.println("benchmark: hangar scheduler: " + first.group());
    LabProbe.awaitFinished(api, "queued-", queued);
    double done = scheduler.secondsSinceLaunch();
    // Every host ran a job once as many entries as hosts were Running: the time the last of
    // those became Running, which the entry records.
    List<Instant> started = LabProbe.startedOn(api, "queued-");
    double allRunning = scheduler.secondsFromLaunchTo(started.get(labHosts() - 1));
    long resident = scheduler.residentMb();
    double schedulerCpu = LabProbe.cpuSeconds(scheduler.pid(), true);
    hostsCpu = hosts.cpuSeconds() - hostsCpu;
    droneCpu = LabProbe.cpuSeconds(drone, true) - droneCpu;
    stop(scheduler);
    return new Start(
        Double.parseDouble(first.group(1)),
        Double.parseDouble(first.group(2)) / 1000,
        allRunning,
        done,
        resident,
        hostsCpu,
        droneCpu,
        schedulerCpu);
  }

  /** Stops the frontend and starts the all-in-one server; its first tick, as its log says. */
  AllInOne startAllInOne() throws Exception {
    RoleProcess frontend = running.getFirst();
    long frontendMb = frontend.residentMb();
    stop(frontend);
    RoleProcess server = startServer(false);
    Matcher first = server.await(FIRST_TICK);
    return new AllInOne(
        Double.parseDouble(first.group(1)), Double.parseDouble(first.group(2)) / 1000, frontendMb);
  }

  /** One job of {@code seconds} at a time on an idle lab: seconds to Running and to Completed. */
  List<OneJob> oneJob(int runs, double seconds) throws InterruptedException {
    List<OneJob> times = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      ObjectNode job = job("one-" + r, seconds);
      job.putArray("hosts").add(hosts.name(r % labHosts()));
      long submitted = System.nanoTime();
      long id = api.createJob(job).required("create one-" + r).json().get("id").asLong();
      double toRunning = -1;
      while (true) {
        JsonNode now = api.job(id).required("read job " + id).json();
        String status = now.get("status").asText();
        double at = (System.nanoTime() - submitted) / 1e9;
        String entry = now.path("entries").path(0).path("status").asText();
        if (toRunning < 0 && RUNNING_OR_LATER.contains(entry)) {
          toRunning = at;
        }
        if (status.equals("Completed")) {
          times.add(new OneJob(toRunning, at));
          break;
        }
        if (status.equals("Failed") || status.equals("Aborted") || at > 120) {
          throw new IllegalStateException("job " + id + " did not complete: " + now);
        }
        Thread.sleep(10); // reading the job is the measurement
      }
    }
    return times;
  }

  /**
   * {@code blocked} jobs that want the label only the locked host carries, while a job of {@code
   * seconds} runs on each lab host; once those end and the hosts are free, the ticks of the next
   * {@code watchSeconds}: how many, and their mean length (from the server's {@code /metrics}).
   */
  Ticks blocked(int blocked, double seconds, int watchSeconds) throws Exception {
    List<ObjectNode> jobs = new ArrayList<>();
    for (int i = 0; i < blocked; i++) {
      jobs.add(job("blocked-" + i, 1));
      jobs.getLast().putArray("meta_hosts").add(RARE);
    }
    submit(jobs);
    jobs.clear();
    for (int h = 0; h < labHosts(); h++) {
      jobs.add(job("busy-" + h, seconds));
      jobs.getLast().putArray("hosts").add(hosts.name(h));
    }
    submit(jobs);
    LabProbe.awaitFinished(api, "busy-", labHosts());
    Map<String, Double> before = LabProbe.gauges(api, "hangar_scheduler_tick_seconds_", null);
    Thread.sleep(watchSeconds * 1000L); // the ticks of this span are what is measured
    Map<String, Double> after = LabProbe.gauges(api, "hangar_scheduler_tick_seconds_", null);
    double ticks = after.get("count") - before.get("count");
    double mean = ticks == 0 ? Double.NaN : (after.get("sum") - before.get("sum")) / ticks * 1000;
    double stillQueued =
        LabProbe.gauges(api, "hangar_scheduler_entries", "status").getOrDefault("Queued", 0.0);
    if (stillQueued != blocked) {
      throw new IllegalStateException(
          blocked + " jobs should be waiting for label " + RARE + ", " + stillQueued + " are");
    }
    return new Ticks(ticks, mean);
  }

  /** The API as the benchmark uses it: the frontend's, then the all-in-one server's. */
  LabApi api() {
    return api;
  }

  /** The running server's resident memory, in MB. */
  long serverResidentMb() {
    return running.getFirst().residentMb();
  }

  private Path data() {
    return dir.resolve("var");
  }

  private void startFrontend() throws Exception {
    startServer(true);
  }

  private RoleProcess startServer(boolean frontendOnly) throws Exception {
    List<String> args = hangar.testing.HangarProcess.serverArgs(data(), config);
    if (frontendOnly) {
      args.add("--no-scheduler");
    }
    RoleProcess server =
        RoleProcess.launch(
            dir.resolve(frontendOnly ? "frontend.log" : "server.log"),
            env,
            args.toArray(String[]::new));
    running.addFirst(server);
    String port = server.await(READY).group(1);
    String token = Files.readString(data().resolve("admin.token"), UTF_8).strip();
    api = new LabApi("http://127.0.0.1:" + port, token);
    return server;
  }

  private RoleProcess startScheduler() throws Exception {
    RoleProcess scheduler = launchScheduler("scheduler.log");
    scheduler.await(RUNNING);
    return scheduler;
  }

  private RoleProcess launchScheduler(String log) throws IOException {
    RoleProcess scheduler =
        RoleProcess.launch(
            dir.resolve(log),
            env,
            "scheduler",
            "--data",
            data().toString(),
            "--config",
            config.toString());
    running.add(scheduler);
    return scheduler;
  }

  private void stop(RoleProcess process) throws InterruptedException {
    running.remove(process);
    process.close();
  }

  private static ObjectNode job(String name, double seconds) {
    return JSON.createObjectNode()
        .put("name", name)
        .put(
            "control_file",
            String.format(Locale.ROOT, "job.run_test('sleeptest', seconds: %s)%n", seconds));
  }

  private void submit(List<ObjectNode> jobs) {
    for (int from = 0; from < jobs.size(); from += BATCH) {
      api.createJobs(jobs.subList(from, Math.min(jobs.size(), from + BATCH)))
          .required("create " + jobs.size() + " jobs");
    }
  }

  @Override
  public void close() throws Exception {
    for (RoleProcess process : running.reversed()) {
      process.close();
    }
    running.clear();
    DroneDaemons.shutdown(data().resolve("drone"));
    if (database.type() != DbType.H2) {
      TestDatabases.drop(database);
    }
  }
}
