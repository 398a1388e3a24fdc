package hangar.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The finished jobs of the trials so far, as they were when their trial checked them: a finished
 * job must stay as it finished, through every later fault. Checked after every trial with one
 * listing of all jobs, a page of 1,000 at a time.
 */
final class JobLedger {
  private static final int PAGE = 1000;

  private record Entry(String name, String status, int trial) {}

  private final Map<Long, Entry> finished = new LinkedHashMap<>();

  /** Notes a trial's finished jobs (id to name and status). */
  void record(int trial, Map<Long, Trial.Finished> jobs) {
    jobs.forEach((id, job) -> finished.put(id, new Entry(job.name(), job.status(), trial)));
  }

  /**
   * Lists every job and compares the noted ones.
   *
   * @return a violation for each noted job that is gone or whose status changed; or one saying the
   *     jobs could not be listed
   */
  List<String> recheck(LabApi api) {
    Map<Long, JsonNode> now = new HashMap<>();
    Long after = null;
    while (true) {
      LabApi.Answer page = api.jobs(PAGE, after);
      if (!page.isSuccess()) {
        return List.of(
            "jobs could not be listed for the recheck: " + page.status() + " " + page.body());
      }
      JsonNode jobs = page.json();
      for (JsonNode job : jobs) {
        now.put(job.path("id").asLong(), job);
        after = job.path("id").asLong();
      }
      if (jobs.size() < PAGE) {
        break;
      }
    }
    List<String> violations = new ArrayList<>();
    finished.forEach(
        (id, was) -> {
          JsonNode job = now.get(id);
          if (job == null) {
            violations.add(
                "job "
                    + id
                    + " ("
                    + was.name()
                    + ", trial "
                    + was.trial()
                    + ") finished "
                    + was.status()
                    + " and is gone now");
          } else if (!was.status().equals(job.path("status").asText())) {
            violations.add(
                "job "
                    + id
                    + " ("
                    + was.name()
                    + ", trial "
                    + was.trial()
                    + ") finished "
                    + was.status()
                    + " and is "
                    + job.path("status").asText()
                    + " now");
            finished.put(id, new Entry(was.name(), job.path("status").asText(), was.trial()));
          }
        });
    finished.keySet().removeIf(id -> !now.containsKey(id));
    return violations;
  }
}
