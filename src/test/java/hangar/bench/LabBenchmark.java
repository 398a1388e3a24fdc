package hangar.bench;

import hangar.config.DbType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole lab on one machine, as a lab's users feel it, in one table: {@code --hosts} hosts
 * (default 50) that are real sshd daemons on loopback addresses, logged in to as an unprivileged
 * user ({@link LoopbackHosts}), and one database server (default PostgreSQL on 127.0.0.1, a fresh
 * database for each part). The scenarios:
 *
 * <ol>
 *   <li>submission through REST and through the CLI, with 1 and 4 clients, {@code --seconds} each
 *       (default 10), the hosts locked ({@link LabSubmission});
 *   <li>{@code --queued} jobs (default 500) waiting on the lab hosts' label when {@code hangar
 *       scheduler} starts beside a frontend: its first tick, every host running a job (the entries'
 *       {@code started_on}: nothing reads the lab while the scheduler starts), all completed;
 *   <li>the all-in-one {@code hangar server}'s start on that lab: its first tick;
 *   <li>one job at a time on the idle lab, {@code --runs} times (default 5): submit to Running and
 *       to Completed;
 *   <li>{@code --blocked} jobs (default 300) that want a label only a locked host carries while
 *       every lab host is freed: the ticks' mean length;
 *   <li>reads ({@code --reads} of each, default 500): a job, the job list, the host list, a host;
 *       p50 and p99;
 *   <li>the server's resident memory after all this.
 * </ol>
 *
 * <p>Prints the table, with the figures LAVA 2023.01 gave on this machine (issue 16) where there is
 * one, and a {@code RESULT} line. Run it with {@code bin/benchmark lab [--db postgresql|mysql|h2]
 * [--hosts N] [--queued N] [--blocked N] [--seconds N] [--runs N] [--reads N]}. See
 * docs/performance.md.
 */
public final class LabBenchmark {
  private static final double ONE_JOB_SECONDS = 1.5;

  /** A row of the table. */
  private record Row(String scenario, String hangar, String lava, String target) {}

  private LabBenchmark() {}

  /** Entry point; arguments as the class comment says. */
  public static void main(String[] args) throws Exception {
    DbType db = DbType.POSTGRESQL;
    int hostCount = 50;
    int queued = 500;
    int blocked = 300;
    int seconds = 10;
    int runs = 5;
    int reads = 500;
    List<String> parts = List.of("submission", "scheduling");
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--db" -> db = DbType.valueOf(value.toUpperCase(Locale.ROOT));
        case "--hosts" -> hostCount = Integer.parseInt(value);
        case "--queued" -> queued = Integer.parseInt(value);
        case "--blocked" -> blocked = Integer.parseInt(value);
        case "--seconds" -> seconds = Integer.parseInt(value);
        case "--runs" -> runs = Integer.parseInt(value);
        case "--reads" -> reads = Integer.parseInt(value);
        case "--parts" -> parts = List.of(value.split(","));
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; use --db postgresql|mysql|h2 --hosts N --queued N --blocked N"
                    + " --seconds N --runs N --reads N --parts submission,scheduling");
      }
    }
    // Open to others: the hosts' login user reads the key it is let in with from under it.
    Path dir =
        Files.createTempDirectory(
            "hangar-lab-bench",
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
    List<Row> rows = new ArrayList<>();
    String load = loadAverage();
    // One more host than the lab's: the locked one that alone carries the blocked jobs' label.
    try (LoopbackHosts hosts = LoopbackHosts.start(dir.resolve("hosts"), hostCount + 1)) {
      System.err.printf(
          Locale.ROOT,
          "benchmark: %d hosts are sshd daemons on 127.0.2.1-%d, logged in to as %s%n",
          hosts.size(),
          hosts.size(),
          hosts.user());
      if (parts.contains("submission")) {
        submissionRows(rows, LabSubmission.run(db, hosts, seconds, dir));
      }
      if (parts.contains("scheduling")) {
        try (LabScheduling lab = LabScheduling.create(db, hosts, dir.resolve("lab"))) {
          schedulingRows(rows, lab, queued, blocked, runs, reads);
        }
      }
    } finally {
      LabSite.deleteTree(dir);
    }
    print(rows, db, hostCount, load);
  }

  private static void submissionRows(List<Row> rows, LabSubmission.Figures submit) {
    Map<String, Double> rate = submit.jobsPerSecond();
    rows.add(row("REST submission, 1 client", jobs(rate.get("rest 1")), "38 jobs/s", ""));
    rows.add(
        row("REST submission, 4 clients", jobs(rate.get("rest 4")), "57 jobs/s", ">= 400 jobs/s"));
    rows.add(
        row(
            "CLI submission (`hangar job create` / `lavacli`), 1 client",
            jobs(rate.get("cli 1")),
            "2.7 jobs/s",
            ">= 3.3 jobs/s (0.3 s a command)"));
    rows.add(row("CLI submission, 4 clients", jobs(rate.get("cli 4")), "", ""));
    rows.add(row("server resident after submission", submit.serverResidentMb() + " MB", "", ""));
  }

  private static void schedulingRows(
      List<Row> rows, LabScheduling lab, int queued, int blocked, int runs, int reads)
      throws Exception {
    lab.prepare();
    LabScheduling.Start start = lab.queuedFromStart(queued, 2);
    String q = queued + " queued on " + lab.labHosts() + " hosts, `hangar scheduler` start";
    rows.add(
        row(q + ": first tick ends", seconds(start.firstTickEndS()), "", "<= 1 s after start"));
    rows.add(row(q + ": first tick", millis(start.firstTickMs()), "", "<= 200 ms"));
    rows.add(
        row(q + ": every host running a job", seconds(start.runningS()), "2.1 s (Scheduled)", ""));
    rows.add(row(q + ": all completed (jobs of 2 s)", seconds(start.completedS()), "", ""));
    rows.add(
        row("scheduler resident after " + queued + " jobs", start.schedulerMb() + " MB", "", ""));
    rows.add(
        row(
            "CPU those " + queued + " jobs cost: hosts (sshd, sysinfo, tests) / drone / scheduler",
            String.format(
                Locale.ROOT,
                "%.0f / %.0f / %.0f s",
                start.hostsCpuS(),
                start.droneCpuS(),
                start.schedulerCpuS()),
            "",
            ""));
    LabScheduling.AllInOne server = lab.startAllInOne();
    rows.add(
        row(
            "`hangar server` start on that lab: first tick ends",
            seconds(server.firstTickEndS()),
            "",
            "<= 1 s after start"));
    rows.add(row("`hangar server`: first tick", millis(server.firstTickMs()), "", ""));
    List<LabScheduling.OneJob> one = lab.oneJob(runs, ONE_JOB_SECONDS);
    rows.add(
        row(
            "one job: submit -> Running",
            spread(one.stream().mapToDouble(LabScheduling.OneJob::toRunningS).toArray()),
            "0.61 s (to Scheduled)",
            ""));
    rows.add(
        row(
            "one job of " + ONE_JOB_SECONDS + " s: submit -> Completed",
            spread(one.stream().mapToDouble(LabScheduling.OneJob::toCompletedS).toArray()),
            "",
            ""));
    LabScheduling.Ticks ticks = lab.blocked(blocked, 3, 15);
    rows.add(
        row(
            blocked + " label-blocked jobs, " + lab.labHosts() + " hosts freed: a tick",
            String.format(Locale.ROOT, "%.0f ms (mean of %.0f)", ticks.meanMs(), ticks.count()),
            "8.0 s (a pass)",
            ""));
    LabReads.measure(lab.api(), reads)
        .forEach((what, p) -> rows.add(row("read " + what + ": p50 / p99", p, "", "")));
    rows.add(
        row(
            "server resident at the end",
            lab.serverResidentMb() + " MB",
            "",
            "< 400 MB after load"));
    rows.add(
        row(
            "frontend resident after the " + queued + " jobs",
            server.frontendMb() + " MB",
            "",
            ""));
  }

  private static Row row(String scenario, String hangar, String lava, String target) {
    return new Row(scenario, hangar, lava.isEmpty() ? "-" : lava, target.isEmpty() ? "-" : target);
  }

  private static String jobs(double perSecond) {
    return String.format(Locale.ROOT, perSecond < 20 ? "%.1f jobs/s" : "%.0f jobs/s", perSecond);
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.2f s", s);
  }

  private static String millis(double ms) {
    return String.format(Locale.ROOT, "%.0f ms", ms);
  }

  /** Median, then the range: {@code 0.05 s (0.04-0.09)}. */
  private static String spread(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return String.format(
        Locale.ROOT,
        "%.2f s (%.2f-%.2f)",
        sorted[sorted.length / 2],
        sorted[0],
        sorted[sorted.length - 1]);
  }

  private static String loadAverage() throws java.io.IOException {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }

  private static void print(List<Row> rows, DbType db, int hosts, String loadBefore)
      throws java.io.IOException {
    System.out.printf(
        Locale.ROOT,
        "%nLab benchmark: %s, %d hosts (sshd on loopback), %d cores, load %s before and %s after;"
            + " LAVA 2023.01 as measured on this machine for issue 16%n%n",
        db.name().toLowerCase(Locale.ROOT),
        hosts,
        Runtime.getRuntime().availableProcessors(),
        loadBefore,
        loadAverage());
    System.out.println("| scenario | Hangar | LAVA 2023.01 | target |");
    System.out.println("|---|---|---|---|");
    for (Row r : rows) {
      System.out.printf("| %s | %s | %s | %s |%n", r.scenario(), r.hangar(), r.lava(), r.target());
    }
    System.out.printf(
        Locale.ROOT,
        "RESULT lab db=%s hosts=%d rows=%d%n",
        db.name().toLowerCase(Locale.ROOT),
        hosts,
        rows.size());
  }
}
