package hangar.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the lab benchmark reads off a running lab: jobs that finished, meters, an archive. */
final class LabProbe {
  private LabProbe() {}

  /**
   * Waits until the {@code count} jobs named {@code prefix}... all completed; fails on another end.
   */
  static void awaitFinished(LabApi api, String prefix, int count) throws InterruptedException {
    long deadline = System.nanoTime() + 600_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonNode page = api.get("/api/v1/jobs?limit=1000&name=" + prefix).required("list").json();
      int completed = 0;
      for (JsonNode job : page) {
        String status = job.get("status").asText();
        if (status.equals("Completed")) {
          completed++;
        } else if (status.equals("Failed") || status.equals("Aborted")) {
          JsonNode whole = api.job(job.get("id").asLong()).required("read a job").json();
          throw new IllegalStateException(
              "job " + job.get("name") + " ended " + status + ": " + whole);
        }
      }
      if (completed >= count) {
        return;
      }
      Thread.sleep(50); // the API is read as users read it
    }
    throw new IllegalStateException("the " + prefix + " jobs did not all complete in 10 min");
  }

  /**
   * When the entries of the jobs named {@code prefix}... became Running (their {@code started_on},
   * set by their first move after the claim), earliest first.
   */
  static List<Instant> startedOn(LabApi api, String prefix) {
    JsonNode page = api.get("/api/v1/jobs?limit=1000&name=" + prefix).required("list").json();
    List<Instant> started = new ArrayList<>();
    for (JsonNode job : page) {
      for (JsonNode entry :
          api.job(job.get("id").asLong()).required("read a job").json().get("entries")) {
        JsonNode on = entry.get("started_on");
        if (on != null && !on.isNull()) {
          started.add(Instant.parse(on.asText()));
        }
      }
    }
    Collections.sort(started);
    return started;
  }

  /** Waits until bin/hangar has recorded the roles' archive in the benchmark's cache folder. */
  static void awaitArchive(Path cache) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(cache)) {
        try (var files = Files.list(cache)) {
          if (files
              .map(p -> p.getFileName().toString())
              .anyMatch(
                  n -> n.startsWith("server-") && (n.endsWith(".aot") || n.endsWith(".jsa")))) {
            return;
          }
        }
      }
      Thread.sleep(200); // the recording is a process of its own; its file is what we wait for
    }
    throw new IllegalStateException("bin/hangar recorded no roles' archive in " + cache);
  }

  /**
   * The samples of one metric from the running server's {@code /metrics}: by the value of {@code
   * label}, or, with none, by what follows {@code name} ({@code sum}, {@code count}).
   */
  static Map<String, Double> gauges(LabApi api, String name, String label) {
    String text = api.get("/metrics").required("read /metrics").body();
    Map<String, Double> values = new java.util.HashMap<>();
    Pattern line =
        label == null
            ? Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\w+)(?:\\{[^}]*\\})? (\\S+)$")
            : Pattern.compile(
                "(?m)^"
                    + Pattern.quote(name)
                    + "\\{[^}]*"
                    + label
                    + "=\"([^\"]*)\"[^}]*\\} (\\S+)$");
    Matcher m = line.matcher(text);
    while (m.find()) {
      values.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return values;
  }

  /**
   * CPU seconds (user and system) a process has used, with, when {@code withChildren}, those of its
   * children it has waited for and those of its descendants still running, from {@code /proc}. Zero
   * for a process that is gone.
   */
  static double cpuSeconds(long pid, boolean withChildren) {
    double seconds = 0;
    try {
      // Fields after the command's closing parenthesis: state is 3, utime 14, stime 15, cutime 16,
      // cstime 17 (proc(5)), in clock ticks of 1/100 s on Linux.
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
      if (withChildren) {
        seconds += (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
      }
    } catch (java.nio.file.NoSuchFileException e) {
      return 0; // ended: nothing more to count for it
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read /proc/" + pid + "/stat", e);
    }
    if (withChildren) {
      seconds +=
          ProcessHandle.of(pid).stream()
              .flatMap(ProcessHandle::descendants)
              .mapToDouble(child -> cpuSeconds(child.pid(), false))
              .sum();
    }
    return seconds;
  }
}
