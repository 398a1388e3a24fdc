package hangar.bench;

import hangar.config.DbType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long a CLI command takes, wall clock, as a script sees it: starts {@code bin/hangar server}
 * with one locked host and one job, lets {@code bin/hangar} record its CLI archive in a fresh cache
 * folder, then runs each command {@code --runs} times (default 10) one after the other and prints
 * its fastest, median and slowest run in a {@code RESULT} line: {@code hangar --version}, {@code
 * hangar job stat 1}, {@code hangar job create}, each again without the archive ({@code
 * HANGAR_CLI_CACHE=off}), and for reference a Python 3 script that sends the same {@code GET} as
 * {@code job stat} (what a Python CLI such as {@code lavacli} costs at least). Run it with {@code
 * bin/benchmark cli [--runs N]}. See docs/performance.md.
 */
public final class CliBenchmark {
  private static final String PYTHON_GET =
      """
      import json, os, sys, urllib.request
      r = urllib.request.Request(sys.argv[1] + "/api/v1/jobs/1",
          headers={"Authorization": "Bearer " + os.environ["HANGAR_TOKEN"]})
      json.load(urllib.request.urlopen(r))
      """;

  private CliBenchmark() {}

  /** Entry point; arguments as the class comment says. */
  public static void main(String[] args) throws Exception {
    int runs = 10;
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].equals("--runs")) {
        throw new IllegalArgumentException("unknown option " + args[i] + "; use --runs N");
      }
      runs = Integer.parseInt(args[i + 1]);
    }
    Path dir = Files.createTempDirectory("hangar-cli-bench");
    Path cache = dir.resolve("cache");
    try (ServerProcess server = ServerProcess.start(DbType.H2, Map.of(), "tick_pause_sec: 5")) {
      LabApi api = new LabApi(server.url(), server.token());
      api.createHost("board1", 22).required("create host board1");
      api.lockHost("board1", "CLI benchmark: nothing runs").required("lock board1");
      api.createJob("first", "job.run_test('sleeptest')", "board1").required("create job 1");
      Path control = Files.writeString(dir.resolve("control"), "job.run_test('sleeptest')\n");
      Path script = Files.writeString(dir.resolve("get.py"), PYTHON_GET);
      Map<String, String> env =
          Map.of(
              "HANGAR_SERVER", server.url(),
              "HANGAR_TOKEN", server.token(),
              "HANGAR_CLI_CACHE", cache.toString());
      recordArchive(env, cache);
      String hangar = Path.of("bin/hangar").toAbsolutePath().toString();
      List<String> create =
          List.of(hangar, "job", "create", "-m", "board1", "-f", control.toString());
      for (String cacheMode : List.of("archive", "off")) {
        Map<String, String> e = new java.util.HashMap<>(env);
        if (cacheMode.equals("off")) {
          e.put("HANGAR_CLI_CACHE", "off");
        }
        report("hangar --version", cacheMode, time(runs, e, n -> List.of(hangar, "--version")));
        report(
            "hangar job stat 1",
            cacheMode,
            time(runs, e, n -> List.of(hangar, "job", "stat", "1")));
        report(
            "hangar job create",
            cacheMode,
            time(
                runs,
                e,
                n -> {
                  List<String> line = new ArrayList<>(create);
                  line.add("cli-" + cacheMode + "-" + n);
                  return line;
                }));
      }
      report(
          "python3 GET /api/v1/jobs/1",
          "-",
          time(runs, env, n -> List.of("python3", script.toString(), server.url())));
    } finally {
      LabSite.deleteTree(dir);
    }
  }

  /** Runs one command so that bin/hangar records its archive, and waits until it is there. */
  static void recordArchive(Map<String, String> env, Path cache) throws Exception {
    run(env, List.of(Path.of("bin/hangar").toAbsolutePath().toString(), "--version"));
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(cache)) {
        try (var files = Files.list(cache)) {
          if (files
              .map(p -> p.getFileName().toString())
              .anyMatch(n -> n.startsWith("cli-") && (n.endsWith(".aot") || n.endsWith(".jsa")))) {
            System.err.println("benchmark: the CLI archive is recorded in " + cache);
            return;
          }
        }
      }
      Thread.sleep(200); // the recording runs in a process of its own; its file is what we wait for
    }
    throw new IllegalStateException("bin/hangar recorded no CLI archive in " + cache + " in 2 min");
  }

  private static double[] time(
      int runs, Map<String, String> env, java.util.function.IntFunction<List<String>> command)
      throws IOException, InterruptedException {
    double[] seconds = new double[runs];
    for (int n = 0; n < runs; n++) {
      long started = System.nanoTime();
      run(env, command.apply(n));
      seconds[n] = (System.nanoTime() - started) / 1e9;
    }
    Arrays.sort(seconds);
    return seconds;
  }

  static void run(Map<String, String> env, List<String> command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " failed: "
              + new String(output, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static void report(String command, String archive, double[] sorted) {
    System.out.printf(
        Locale.ROOT,
        "RESULT cli command=\"%s\" archive=%s runs=%d min_s=%.3f median_s=%.3f max_s=%.3f%n",
        command,
        archive,
        sorted.length,
        sorted[0],
        sorted[sorted.length / 2],
        sorted[sorted.length - 1]);
  }
}
