package hangar.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Reads as one user's client sends them, one after the other, each timed from the request to the
 * whole answer: a job ({@code GET /api/v1/jobs/{id}}, ids spread over the lab's jobs), the newest
 * page of jobs, the host list and a host with its recent entries and tasks.
 */
final class LabReads {
  private static final int WARM_UP = 50;

  private LabReads() {}

  /** {@code reads} of each after a warm-up; p50 and p99 by what was read. */
  static Map<String, String> measure(LabApi api, int reads) {
    JsonNode jobs = api.get("/api/v1/jobs?limit=1000").required("list jobs").json();
    JsonNode hosts = api.hosts().required("list hosts").json();
    if (jobs.isEmpty() || hosts.isEmpty()) {
      throw new IllegalStateException("no jobs or no hosts to read");
    }
    Map<String, IntFunction<LabApi.Answer>> kinds = new LinkedHashMap<>();
    kinds.put("a job", n -> api.job(jobs.get(n * 7919 % jobs.size()).get("id").asLong()));
    kinds.put("the job list (100)", n -> api.jobs(100, null));
    kinds.put("the host list (" + hosts.size() + ")", n -> api.hosts());
    kinds.put("a host", n -> api.host(hosts.get(n * 31 % hosts.size()).get("hostname").asText()));
    Map<String, String> figures = new LinkedHashMap<>();
    kinds.forEach(
        (what, read) -> {
          for (int n = 0; n < WARM_UP; n++) {
            read.apply(n).required("read " + what);
          }
          List<Double> millis = new ArrayList<>();
          for (int n = 0; n < reads; n++) {
            long started = System.nanoTime();
            read.apply(n).required("read " + what);
            millis.add((System.nanoTime() - started) / 1e6);
          }
          double[] sorted = millis.stream().mapToDouble(Double::doubleValue).toArray();
          Arrays.sort(sorted);
          figures.put(
              what,
              String.format(
                  Locale.ROOT,
                  "%.1f / %.1f ms",
                  sorted[sorted.length / 2],
                  sorted[(int) Math.ceil(sorted.length * 0.99) - 1]));
        });
    return figures;
  }
}
