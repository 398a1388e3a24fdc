package hangar.store;

import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Synchronous jobs ({@code synch_count} > 1): their entries wait Pending, each holding its host,
 * until enough of them can start one session together as a group ({@code group0}, {@code group1},
 * ... under the job's results folder).
 */
public final class GroupStore {
  private final Jdbi jdbi;
  private final Clock clock;

  public GroupStore(Database database, Clock clock) {
    this(database.jdbi(), clock);
  }

  GroupStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * A synchronous job with entries Pending.
   *
   * @param jobId the job
   * @param synchCount how many hosts a group takes; for an atomic group job, the least
   * @param pending its Pending entries, by host name
   * @param waitingSince when the earliest of them began to wait
   * @param stillPossible its entries that may still join a group: Queued, Verifying or Pending
   * @param groups the group subfolders its entries already ran or run in
   * @param atomicMax for an atomic group job, the group's max number of machines; 0 otherwise
   * @param enoughSince when the {@code synchCount}-th of its Pending entries began to wait, or null
   *     while fewer wait
   */
  public record PendingJob(
      long jobId,
      int synchCount,
      List<HostQueueEntry> pending,
      Instant waitingSince,
      int stillPossible,
      Set<String> groups,
      int atomicMax,
      Instant enoughSince) {
    /** True for a job of an atomic group. */
    public boolean atomic() {
      return atomicMax > 0;
    }
  }

  /** Every synchronous job with an entry Pending. A few statements, whatever their number. */
  public List<PendingJob> pendingJobs() {
    return jdbi.withHandle(
        h -> {
          Map<Long, List<HostQueueEntry>> pending = new LinkedHashMap<>();
          Map<Long, Integer> synch = new HashMap<>();
          Map<Long, Integer> atomicMax = new HashMap<>();
          Map<Long, List<Instant>> since = new HashMap<>();
          h.createQuery(
                  EntryRows.SELECT_ENTRIES.replace(
                          "SELECT e.id,",
                          """
                          SELECT j.synch_count, jg.max_number_of_machines AS atomic_max,
                                 e.pending_since AS pending_since, e.id,""")
                      + """
                        JOIN jobs j ON j.id = e.job_id
                        LEFT JOIN atomic_groups jg ON jg.id = j.atomic_group_id
                       WHERE e.status = :pending AND e.aborted = FALSE
                             AND (j.synch_count > 1 OR j.atomic_group_id IS NOT NULL)
                       ORDER BY e.job_id, h.hostname""")
              .bind("pending", EntryStatus.PENDING.name())
              .map(
                  (rs, ctx) -> {
                    HostQueueEntry e = EntryRows.map(rs, ctx);
                    synch.put(e.jobId(), rs.getInt("synch_count"));
                    atomicMax.put(e.jobId(), rs.getInt("atomic_max"));
                    Instant at = Rows.instant(rs, "pending_since", ctx);
                    since
                        .computeIfAbsent(e.jobId(), k -> new ArrayList<>())
                        .add(at == null ? clock.instant() : at);
                    return e;
                  })
              .forEach(e -> pending.computeIfAbsent(e.jobId(), k -> new ArrayList<>()).add(e));
          if (pending.isEmpty()) {
            return List.of();
          }
          Map<Long, Integer> possible = new HashMap<>();
          Map<Long, Set<String>> groups = new HashMap<>();
          for (List<Long> chunk : Rows.chunks(List.copyOf(pending.keySet()))) {
            h.createQuery(
                    """
                    SELECT job_id, COUNT(*) FROM host_queue_entries
                     WHERE job_id IN (<ids>) AND status IN (:queued, :verifying, :pending)
                     GROUP BY job_id""")
                .bindList("ids", chunk)
                .bind("queued", EntryStatus.QUEUED.name())
                .bind("verifying", EntryStatus.VERIFYING.name())
                .bind("pending", EntryStatus.PENDING.name())
                .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getInt(2)))
                .forEach(e -> possible.put(e.getKey(), e.getValue()));
            h.createQuery(
                    """
                    SELECT DISTINCT job_id, execution_subdir FROM host_queue_entries
                     WHERE job_id IN (<ids>) AND execution_subdir LIKE 'group%'""")
                .bindList("ids", chunk)
                .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
                .forEach(
                    e ->
                        groups
                            .computeIfAbsent(e.getKey(), k -> new java.util.HashSet<>())
                            .add(e.getValue()));
          }
          List<PendingJob> jobs = new ArrayList<>();
          pending.forEach(
              (job, entries) -> {
                List<Instant> times = since.get(job).stream().sorted().toList();
                int needed = Math.max(1, synch.get(job));
                jobs.add(
                    new PendingJob(
                        job,
                        synch.get(job),
                        List.copyOf(entries),
                        times.get(0),
                        possible.getOrDefault(job, entries.size()),
                        Set.copyOf(groups.getOrDefault(job, Set.of())),
                        atomicMax.get(job),
                        times.size() >= needed ? times.get(needed - 1) : null));
              });
          return jobs;
        });
  }

  /**
   * Starts a group: its Pending entries, at the versions read, become Starting in {@code subdir},
   * followed by {@code scheduler} on {@code drone}, and their hosts go Pending to Running; all or
   * nothing.
   *
   * @return false, changing nothing, if any of them moved since it was read
   */
  public boolean startGroup(
      List<HostQueueEntry> members, String subdir, String drone, String scheduler) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("a group needs entries");
    }
    return jdbi.inTransaction(
        h -> {
          List<Long> hosts = members.stream().map(HostQueueEntry::hostId).toList();
          if (Hosts.transitionAll(h, hosts, HostStatus.PENDING, HostStatus.RUNNING, null).size()
              != hosts.size()) {
            h.rollback();
            return false;
          }
          PreparedBatch batch =
              h.prepareBatch(
                  """
                  UPDATE host_queue_entries
                     SET status = :starting, execution_subdir = :subdir, drone = :drone,
                         scheduler = :scheduler, version = version + 1,
                         drone_machine =
                           (SELECT s.hostname FROM schedulers s WHERE s.name = :scheduler)
                   WHERE id = :id AND status = :pending AND version = :version
                         AND aborted = FALSE""");
          for (HostQueueEntry e : members) {
            batch
                .bind("starting", EntryStatus.STARTING.name())
                .bind("pending", EntryStatus.PENDING.name())
                .bind("subdir", subdir)
                .bind("drone", drone)
                .bind("scheduler", scheduler)
                .bind("id", e.id())
                .bind("version", e.version())
                .add();
          }
          if (Batches.changed(members, batch.execute(), HostQueueEntry::id).size()
              != members.size()) {
            h.rollback();
            return false;
          }
          return true;
        });
  }

  /**
   * Gives up on the job's waiting entries: Queued and Pending ones end Stopped with the reason, the
   * Pending ones' hosts go back to Ready, Verifying ones are asked to abort with the reason (the
   * scheduler ends them when their task ends); the job is finished when nothing is left.
   *
   * @return how many entries ended Stopped
   */
  public int stop(long jobId, String reason) {
    Instant now = clock.instant();
    String why = Reasons.truncate(reason);
    return jdbi.inTransaction(
        h -> {
          List<Long> hosts =
              h.createQuery(
                      """
                      SELECT host_id FROM host_queue_entries
                       WHERE job_id = :job AND status = :pending AND host_id IS NOT NULL""")
                  .bind("job", jobId)
                  .bind("pending", EntryStatus.PENDING.name())
                  .mapTo(Long.class)
                  .list();
          int stopped =
              h.createUpdate(
                      """
                      UPDATE host_queue_entries
                         SET status = :stopped, active = FALSE, complete = TRUE, reason = :reason,
                             finished_on = :now, scheduler = NULL, version = version + 1
                       WHERE job_id = :job AND status IN (:queued, :pending)""")
                  .bind("stopped", EntryStatus.STOPPED.name())
                  .bind("queued", EntryStatus.QUEUED.name())
                  .bind("pending", EntryStatus.PENDING.name())
                  .bind("reason", why)
                  .bind("now", now)
                  .bind("job", jobId)
                  .execute();
          Hosts.transitionAll(h, hosts, HostStatus.PENDING, HostStatus.READY, null);
          h.createUpdate(
                  """
                  UPDATE host_queue_entries
                     SET aborted = TRUE, abort_reason = COALESCE(abort_reason, :reason),
                         version = version + 1
                   WHERE job_id = :job AND status = :verifying AND aborted = FALSE""")
              .bind("verifying", EntryStatus.VERIFYING.name())
              .bind("reason", why)
              .bind("job", jobId)
              .execute();
          h.createUpdate(
                  """
                  UPDATE jobs SET finished_on = :now
                   WHERE id = :job AND finished_on IS NULL AND NOT EXISTS
                         (SELECT 1 FROM host_queue_entries q WHERE q.job_id = :job
                             AND q.complete = FALSE)""")
              .bind("now", now)
              .bind("job", jobId)
              .execute();
          return stopped;
        });
  }

  /**
   * Ends the Pending entries asked to abort: Aborted with the abort's reason, their hosts back to
   * Ready, their jobs finished when nothing is left.
   *
   * @return the entries ended
   */
  public List<HostQueueEntry> abortPending() {
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          List<HostQueueEntry> aborted =
              h.createQuery(
                      EntryRows.SELECT_ENTRIES
                          + " WHERE e.status = :pending AND e.aborted = TRUE ORDER BY e.id")
                  .bind("pending", EntryStatus.PENDING.name())
                  .map(EntryRows::map)
                  .list();
          if (aborted.isEmpty()) {
            return aborted;
          }
          PreparedBatch batch =
              h.prepareBatch(
                  """
                  UPDATE host_queue_entries
                     SET status = :aborted, active = FALSE, complete = TRUE,
                         reason = COALESCE(abort_reason, 'aborted by user'), finished_on = :now,
                         scheduler = NULL, version = version + 1
                   WHERE id = :id AND status = :pending""");
          for (HostQueueEntry e : aborted) {
            batch
                .bind("aborted", EntryStatus.ABORTED.name())
                .bind("pending", EntryStatus.PENDING.name())
                .bind("now", now)
                .bind("id", e.id())
                .add();
          }
          Set<Long> ended = Batches.changed(aborted, batch.execute(), HostQueueEntry::id);
          List<HostQueueEntry> done = aborted.stream().filter(e -> ended.contains(e.id())).toList();
          Hosts.transitionAll(
              h,
              done.stream().map(HostQueueEntry::hostId).toList(),
              HostStatus.PENDING,
              HostStatus.READY,
              null);
          for (long job : done.stream().map(HostQueueEntry::jobId).distinct().toList()) {
            h.createUpdate(
                    """
                    UPDATE jobs SET finished_on = :now
                     WHERE id = :job AND finished_on IS NULL AND NOT EXISTS
                           (SELECT 1 FROM host_queue_entries q WHERE q.job_id = :job
                               AND q.complete = FALSE)""")
                .bind("now", now)
                .bind("job", job)
                .execute();
          }
          return done;
        });
  }

  /**
   * Records why Pending entries still wait ("waiting for 1 more host ..."), for {@code hangar job
   * stat}; one batch.
   */
  public void explainWaits(Map<Long, String> reasons) {
    if (reasons.isEmpty()) {
      return;
    }
    jdbi.useTransaction(
        h -> {
          PreparedBatch batch =
              h.prepareBatch(
                  "UPDATE host_queue_entries SET reason = :reason WHERE id = :id AND status = :p");
          reasons.forEach(
              (id, reason) ->
                  batch
                      .bind("reason", Reasons.truncate(reason))
                      .bind("id", id)
                      .bind("p", EntryStatus.PENDING.name())
                      .add());
          batch.execute();
        });
  }
}
