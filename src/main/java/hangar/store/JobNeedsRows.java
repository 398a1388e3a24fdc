package hangar.store;

import hangar.lab.AtomicGroup;
import hangar.lab.JobNeeds;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Reads what jobs ask of their hosts ({@link JobNeeds}) for the scheduler: owner, ACL groups and
 * dependencies, which never change for a job, and the hosts its entries hold or held, which do.
 * {@link JobStore#needs(java.util.Collection, Map)} documents what is read when.
 */
final class JobNeedsRows {
  private JobNeedsRows() {}

  /**
   * The needs of the jobs {@code ids}: read for {@code unknown}, taken from {@code known} for the
   * others, each with the hosts used by its job when the job is one of {@code picking}.
   *
   * @return by job id
   */
  static Map<Long, JobNeeds> read(
      Handle h, List<Long> ids, List<Long> unknown, List<Long> picking, Map<Long, JobNeeds> known) {
    Map<Long, JobNeeds> needs = new HashMap<>();
    for (long id : ids) {
      JobNeeds cached = known.get(id);
      if (cached != null) {
        needs.put(id, cached);
      }
    }
    for (List<Long> chunk : Rows.chunks(unknown)) {
      readStaticNeeds(h, chunk).forEach(needs::put);
    }
    Map<Long, Set<Long>> used = new HashMap<>();
    for (List<Long> chunk : Rows.chunks(picking)) {
      used.putAll(usedHosts(h, chunk));
    }
    needs.replaceAll((id, n) -> n.withUsedHosts(used.getOrDefault(id, Set.of())));
    return needs;
  }

  private static Map<Long, Set<Long>> usedHosts(Handle h, List<Long> jobIds) {
    Map<Long, Set<Long>> used = new HashMap<>();
    if (jobIds.isEmpty()) {
      return used;
    }
    h.createQuery(
            """
            SELECT job_id, host_id FROM host_queue_entries
             WHERE job_id IN (<ids>) AND host_id IS NOT NULL""")
        .bindList("ids", jobIds)
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
        .forEach(e -> used.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
    return used;
  }

  /** Owner, superuser, dependencies and ACL groups of these jobs, with no used hosts. */
  private static Map<Long, JobNeeds> readStaticNeeds(Handle h, List<Long> ids) {
    Map<Long, List<String>> deps = JobRows.dependencies(h, ids);
    Map<Long, Set<String>> groups = new HashMap<>();
    h.createQuery(
            """
            SELECT j.id, g.name FROM jobs j
              JOIN users u ON u.login = j.owner
              JOIN acl_group_users gu ON gu.user_id = u.id
              JOIN acl_groups g ON g.id = gu.acl_group_id
             WHERE j.id IN (<ids>)""")
        .bindList("ids", ids)
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
        .forEach(e -> groups.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
    Map<Long, JobNeeds> needs = new HashMap<>();
    Map<Long, AtomicGroup> atomic = AtomicGroupStore.ofJobs(h, ids);
    h.createQuery(
            """
            SELECT j.id, j.owner, u.access_level, j.synch_count FROM jobs j
              LEFT JOIN users u ON u.login = j.owner
             WHERE j.id IN (<ids>)""")
        .bindList("ids", ids)
        .map(
            (rs, ctx) ->
                new JobNeeds(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getInt(3) >= Users.SUPERUSER_LEVEL,
                    Set.copyOf(deps.getOrDefault(rs.getLong(1), List.of())),
                    groups.getOrDefault(rs.getLong(1), Set.of()),
                    Set.of(),
                    rs.getInt(4),
                    atomic.get(rs.getLong(1))))
        .forEach(n -> needs.put(n.jobId(), n));
    return needs;
  }
}
