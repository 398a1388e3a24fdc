package hangar.bench;

import hangar.autoserv.SessionSpec;
import hangar.drone.LocalDrone;
import hangar.drone.SessionState;
import hangar.lab.ControlType;
import hangar.testing.OpenSshServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How many SSH sessions one drone process carries at once, and its memory per session: a real drone
 * daemon running real autoserv starts {@code --sessions} sessions (default 500) of {@code
 * sleeptest} for {@code --seconds} (default 60), spread over {@code --targets} OpenSSH sshd daemons
 * on loopback ports (default 5). While they run it samples the drone's resident memory and threads
 * and counts the sessions inside their test; at the end it counts the verdicts. Run it with {@code
 * bin/benchmark ssh [--sessions N] [--targets N] [--seconds N]}; see docs/performance.md.
 */
public final class SshSessionBenchmark {
  private SshSessionBenchmark() {}

  /** Entry point; arguments as the class comment says. */
  public static void main(String[] args) throws Exception {
    int sessions = 500;
    int targets = 5;
    int seconds = 60;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--sessions" -> sessions = Integer.parseInt(args[i + 1]);
        case "--targets" -> targets = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + "; use --sessions N --targets N --seconds N");
      }
    }
    Path dir = Files.createTempDirectory("hangar-ssh-bench");
    List<OpenSshServer> hosts = new ArrayList<>();
    LocalDrone drone = null;
    try {
      StringBuilder keys = new StringBuilder();
      StringBuilder known = new StringBuilder();
      for (int t = 0; t < targets; t++) {
        OpenSshServer host = OpenSshServer.start(dir.resolve("target" + t));
        hosts.add(host);
        keys.append(t == 0 ? "" : ", ").append(host.clientKey());
        known.append(Files.readString(host.knownHosts(), StandardCharsets.UTF_8));
      }
      Path knownHosts = Files.writeString(dir.resolve("known_hosts"), known);
      Path config =
          Files.writeString(
              dir.resolve("global_config.ini"),
              "[SSH]\nidentity_files: " + keys + "\nknown_hosts_file: " + knownHosts + "\n");
      drone = LocalDrone.create(dir.resolve("drone"), config);
      long pid = drone.ping().pid();
      long idleKb = status(pid, "VmRSS");
      double cpuBefore = cpuSeconds(pid);
      System.err.printf(
          Locale.ROOT,
          "benchmark: drone pid %d idle at %d MB; starting %d sessions over %d sshd%n",
          pid,
          idleKb / 1024,
          sessions,
          targets);
      List<Path> statusLogs = new ArrayList<>();
      List<SessionSpec> specs = new ArrayList<>();
      for (int i = 0; i < sessions; i++) {
        OpenSshServer host = hosts.get(i % targets);
        Path results = dir.resolve("results").resolve("s" + i);
        statusLogs.add(results.resolve("status.log"));
        specs.add(
            new SessionSpec(
                "ssh-" + i,
                i,
                "admin",
                "bench",
                ControlType.CLIENT,
                "job.run_test('sleeptest', seconds: " + seconds + ")",
                List.of(host.user() + "@127.0.0.1:" + host.port()),
                results));
      }
      long begin = System.nanoTime();
      for (int from = 0; from < sessions; from += 100) {
        drone.startAll(specs.subList(from, Math.min(sessions, from + 100)));
      }
      int peakInTest = 0;
      long peakKb = idleKb;
      long peakThreads = 0;
      long interpreter = -1;
      long interpreterPeakKb = 0;
      double allInTestAfter = -1;
      while (true) {
        Thread.sleep(500);
        int inTest = 0;
        for (Path log : statusLogs) {
          if (inTest(log)) {
            inTest++;
          }
        }
        peakInTest = Math.max(peakInTest, inTest);
        peakKb = Math.max(peakKb, status(pid, "VmRSS"));
        peakThreads = Math.max(peakThreads, status(pid, "Threads"));
        if (interpreter < 0) {
          interpreter = interpreterOf(pid);
        }
        if (interpreter > 0) {
          interpreterPeakKb = Math.max(interpreterPeakKb, status(interpreter, "VmRSS"));
        }
        if (inTest == sessions && allInTestAfter < 0) {
          allInTestAfter = (System.nanoTime() - begin) / 1e9;
          System.err.printf(
              Locale.ROOT,
              "benchmark: all %d in their test after %.1f s%n",
              sessions,
              allInTestAfter);
        }
        List<SessionState> known2 = drone.sessions();
        if (known2.size() >= sessions && known2.stream().noneMatch(SessionState::running)) {
          break;
        }
      }
      double total = (System.nanoTime() - begin) / 1e9;
      double droneCpu = cpuSeconds(pid) - cpuBefore;
      double interpreterCpu = interpreter > 0 ? cpuSeconds(interpreter) : 0;
      Map<String, Long> verdicts =
          drone.sessions().stream()
              .collect(
                  Collectors.groupingBy(
                      s -> s.outcome().verdict().name(),
                      java.util.TreeMap::new,
                      Collectors.counting()));
      System.out.printf(
          Locale.ROOT,
          "RESULT sessions=%d targets=%d seconds=%d peak_in_test=%d all_in_test_after_s=%.1f"
              + " total_s=%.1f rss_idle_mb=%d rss_peak_mb=%d kb_per_session=%d"
              + " peak_threads=%d drone_cpu_s=%.1f drone_cpu_ms_per_session=%.0f"
              + " interpreter_rss_peak_mb=%d interpreter_cpu_s=%.1f cpu_ms_per_session=%.0f"
              + " verdicts=%s%n",
          sessions,
          targets,
          seconds,
          peakInTest,
          allInTestAfter,
          total,
          idleKb / 1024,
          peakKb / 1024,
          peakInTest == 0 ? 0 : (peakKb - idleKb) / peakInTest,
          peakThreads,
          droneCpu,
          droneCpu * 1000 / sessions,
          interpreterPeakKb / 1024,
          interpreterCpu,
          (droneCpu + interpreterCpu) * 1000 / sessions,
          verdicts);
    } finally {
      try {
        if (drone != null) {
          drone.shutdown();
        }
      } catch (RuntimeException e) {
        // Keep the first failure visible: a drone too busy to stop is reported after it.
        System.err.println("benchmark: the drone did not stop cleanly: " + e);
      }
      for (OpenSshServer host : hosts) {
        host.close();
      }
    }
  }

  /** True once the session's status log shows its test started and not yet ended. */
  private static boolean inTest(Path log) throws IOException {
    if (!Files.exists(log)) {
      return false;
    }
    String text = Files.readString(log, StandardCharsets.UTF_8);
    return text.contains("\tSTART\tsleeptest") && !text.contains("END GOOD\tsleeptest");
  }

  /** The drone's control-file interpreter, once it has started; -1 before. */
  private static long interpreterOf(long drone) throws IOException {
    for (ProcessHandle child :
        ProcessHandle.of(drone).map(p -> p.descendants().toList()).orElse(List.of())) {
      Path cmdline = Path.of("/proc/" + child.pid() + "/cmdline");
      if (Files.exists(cmdline)
          && new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8)
              .contains("InterpreterMain")) {
        return child.pid();
      }
    }
    return -1;
  }

  /** The CPU time the process used so far (user and system), from /proc/PID/stat. */
  private static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    // Fields after the command name, which is in parentheses and may hold spaces.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return ticks / 100.0;
  }

  /** A field of /proc/PID/status, in its own unit (kB for memory). */
  private static long status(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).strip().split("\\s+")[0]);
      }
    }
    throw new IllegalStateException(field + " missing from /proc/" + pid + "/status");
  }
}
