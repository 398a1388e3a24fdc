package hangar.store;

import hangar.lab.ControlType;
import hangar.lab.HostQueueEntry;
import hangar.lab.Job;
import hangar.lab.JobStatus;
import hangar.lab.JobView;
import hangar.lab.RebootAfter;
import hangar.lab.RebootBefore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** Reads job rows with their dependencies and entries, for the job store. */
final class JobRows {
  static final String SELECT_JOBS =
      """
      SELECT j.id, j.owner, j.name, j.priority, j.control_file, j.control_type, j.synch_count,
             j.timeout_minutes, j.max_runtime_minutes, j.run_verify, j.reboot_before,
             j.reboot_after, j.email_list, j.created_on, j.finished_on,
             ag.name AS atomic_group_name
        FROM jobs j
        LEFT JOIN atomic_groups ag ON ag.id = j.atomic_group_id
      """;

  private JobRows() {}

  static List<JobView> load(Handle h, String sql, Map<String, Object> binds) {
    Map<Long, Job> jobs = new LinkedHashMap<>();
    Map<Long, Instant> finished = new LinkedHashMap<>();
    h.createQuery(sql)
        .bindMap(binds)
        .map(
            (rs, ctx) -> {
              Job job = mapJob(rs, ctx);
              finished.put(job.id(), Rows.instant(rs, "finished_on", ctx));
              return job;
            })
        .forEach(job -> jobs.put(job.id(), job));
    if (jobs.isEmpty()) {
      return List.of();
    }
    Map<Long, List<String>> dependencies = dependencies(h, jobs.keySet());
    Map<Long, List<HostQueueEntry>> entries = new LinkedHashMap<>();
    EntryRows.forJobs(h, jobs.keySet())
        .forEach(e -> entries.computeIfAbsent(e.jobId(), k -> new ArrayList<>()).add(e));
    return jobs.values().stream()
        .map(
            job -> {
              List<HostQueueEntry> own = entries.getOrDefault(job.id(), List.of());
              Job withDeps = withDependencies(job, dependencies.getOrDefault(job.id(), List.of()));
              return new JobView(
                  withDeps,
                  JobStatus.of(
                      own.stream().map(HostQueueEntry::status).toList(), job.atomicGroup() != null),
                  finished.get(job.id()),
                  own);
            })
        .toList();
  }

  static Job mapJob(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    return new Job(
        rs.getLong("id"),
        rs.getString("owner"),
        rs.getString("name"),
        rs.getInt("priority"),
        rs.getString("control_file"),
        ControlType.valueOf(rs.getString("control_type")),
        rs.getInt("synch_count"),
        Duration.ofMinutes(rs.getLong("timeout_minutes")),
        Duration.ofMinutes(rs.getLong("max_runtime_minutes")),
        rs.getBoolean("run_verify"),
        RebootBefore.valueOf(rs.getString("reboot_before")),
        RebootAfter.valueOf(rs.getString("reboot_after")),
        rs.getString("email_list"),
        List.of(),
        Rows.instant(rs, "created_on", ctx),
        rs.getString("atomic_group_name"));
  }

  static Map<Long, List<String>> dependencies(Handle h, Collection<Long> jobIds) {
    Map<Long, List<String>> result = new LinkedHashMap<>();
    for (List<Long> chunk : Rows.chunks(List.copyOf(jobIds))) {
      h.createQuery(
              """
              SELECT d.job_id, l.name FROM job_dependency_labels d
                JOIN labels l ON l.id = d.label_id
               WHERE d.job_id IN (<ids>) ORDER BY l.name""")
          .bindList("ids", chunk)
          .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
          .forEach(
              e -> result.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    }
    return result;
  }

  static Job withDependencies(Job j, List<String> dependencies) {
    return new Job(
        j.id(),
        j.owner(),
        j.name(),
        j.priority(),
        j.controlFile(),
        j.controlType(),
        j.synchCount(),
        j.timeout(),
        j.maxRuntime(),
        j.runVerify(),
        j.rebootBefore(),
        j.rebootAfter(),
        j.emailList(),
        dependencies,
        j.createdOn(),
        j.atomicGroup());
  }
}
