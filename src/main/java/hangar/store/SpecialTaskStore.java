package hangar.store;

import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.lab.Protection;
import hangar.lab.SpecialTask;
import hangar.lab.SpecialTaskType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Special tasks (verify, cleanup, repair) as users ask for them and schedulers run them: asked for
 * once per host and kind, claimed with the host in one guarded transaction, and completed with
 * their effect on the host and the entry they ran for in another.
 */
public final class SpecialTaskStore {
  private final Jdbi jdbi;
  private final Clock clock;

  public SpecialTaskStore(Database database, Clock clock) {
    this.jdbi = database.jdbi();
    this.clock = clock;
  }

  /**
   * Asks for a task on a host, unless one of that kind is already pending there: then that one is
   * returned and nothing changes.
   *
   * @return the pending task
   * @throws NotFoundException if the host does not exist
   */
  public SpecialTask request(long hostId, SpecialTaskType type) {
    String key = hostId + "-" + type.name();
    Optional<SpecialTask> pending = findPending(key);
    if (pending.isPresent()) {
      return pending.get();
    }
    try {
      long id =
          jdbi.withHandle(
              h ->
                  h.createUpdate(
                          """
                          INSERT INTO special_tasks (host_id, task, requested_on, pending_key)
                          VALUES (:host, :task, :now, :key)""")
                      .bind("host", hostId)
                      .bind("task", type.name())
                      .bind("now", clock.instant())
                      .bind("key", key)
                      .executeAndReturnGeneratedKeys("id")
                      .mapTo(Long.class)
                      .one());
      return get(id);
    } catch (UnableToExecuteStatementException e) {
      // Another writer asked at the same moment and won the unique key; or the host is gone.
      return findPending(key)
          .orElseThrow(() -> new NotFoundException("host id " + hostId + " not found", e));
    }
  }

  /** The task with that id. */
  public SpecialTask get(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(SpecialTaskRows.SELECT_TASKS + " WHERE t.id = :id")
                .bind("id", id)
                .map(SpecialTaskRows::map)
                .findOne()
                .orElseThrow(() -> new NotFoundException("special task " + id + " not found")));
  }

  /**
   * Pending tasks whose host may start one now (valid, unlocked, Ready or Repair Failed), repairs
   * first, then cleanups, then verifies, oldest first within each.
   */
  public List<SpecialTask> startable(int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    SpecialTaskRows.SELECT_TASKS
                        + """
                         WHERE t.active = FALSE AND t.complete = FALSE AND h.invalid = FALSE
                           AND h.locked = FALSE AND h.status IN ('READY', 'REPAIR_FAILED')"""
                        + SpecialTaskRows.BY_PRIORITY
                        + " LIMIT :limit")
                .bind("limit", limit)
                .map(SpecialTaskRows::map)
                .list());
  }

  /**
   * Starts a pending task: the host moves from {@code hostFrom} to the task's status (it must be
   * unlocked) and the task becomes active, followed by {@code scheduler}; both or neither.
   *
   * @return the started task, or empty if the task or the host changed meanwhile
   */
  public Optional<SpecialTask> claim(SpecialTask task, HostStatus hostFrom, String scheduler) {
    if (!hostFrom.canMoveTo(task.type().hostStatus())) {
      Transitions.refuse(
          "host " + task.hostId(), hostFrom.displayName(), task.type().hostStatus().displayName());
      return Optional.empty();
    }
    Instant now = clock.instant();
    boolean claimed =
        jdbi.inTransaction(
            h -> {
              int host =
                  h.createUpdate(
                          """
                          UPDATE hosts SET status = :to, version = version + 1
                           WHERE id = :id AND status = :from AND locked = FALSE
                                 AND invalid = FALSE""")
                      .bind("to", task.type().hostStatus().name())
                      .bind("from", hostFrom.name())
                      .bind("id", task.hostId())
                      .execute();
              int updated =
                  host == 0
                      ? 0
                      : h.createUpdate(
                              """
                              UPDATE special_tasks
                                 SET active = TRUE, scheduler = :s, started_on = :now,
                                     pending_key = NULL
                               WHERE id = :id AND active = FALSE AND complete = FALSE""")
                          .bind("s", scheduler)
                          .bind("now", now)
                          .bind("id", task.id())
                          .execute();
              if (updated == 0) {
                h.rollback();
                return false;
              }
              return true;
            });
    return claimed ? Optional.of(get(task.id())) : Optional.empty();
  }

  /**
   * Gives a Ready, unlocked host to a queued entry for a task before its job: host Ready to the
   * task's status, entry Queued to Verifying (at the version read), and a new active task for the
   * entry; all or nothing.
   *
   * @return the started task, or empty if the host or the entry changed meanwhile
   */
  public Optional<SpecialTask> claimForEntry(
      HostQueueEntry entry,
      long hostId,
      SpecialTaskType type,
      String executionSubdir,
      String drone,
      String scheduler) {
    Instant now = clock.instant();
    Optional<Long> id =
        jdbi.inTransaction(
            h -> {
              boolean claimed =
                  Claims.hostAndEntry(
                      h,
                      entry,
                      hostId,
                      type.hostStatus(),
                      EntryStatus.VERIFYING,
                      executionSubdir,
                      drone,
                      scheduler);
              if (!claimed) {
                return Optional.<Long>empty();
              }
              return Optional.of(
                  SpecialTaskRows.insertActive(h, hostId, type, entry.id(), scheduler, now));
            });
    return id.map(this::get);
  }

  /** The active tasks the named scheduler follows. */
  public List<SpecialTask> activeFor(String scheduler) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    SpecialTaskRows.SELECT_TASKS
                        + " WHERE t.active = TRUE AND t.scheduler = :s ORDER BY t.id")
                .bind("s", scheduler)
                .map(SpecialTaskRows::map)
                .list());
  }

  /** A host's most recent tasks, newest first. */
  public List<SpecialTask> forHost(long hostId, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    SpecialTaskRows.SELECT_TASKS
                        + " WHERE t.host_id = :host ORDER BY t.id DESC LIMIT :limit")
                .bind("host", hostId)
                .bind("limit", limit)
                .map(SpecialTaskRows::map)
                .list());
  }

  /** The special tasks run for these queue entries (verify, cleanup, repair), oldest first. */
  public List<SpecialTask> forEntries(java.util.Collection<Long> entryIds) {
    if (entryIds.isEmpty()) {
      return List.of();
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    SpecialTaskRows.SELECT_TASKS
                        + " WHERE t.queue_entry_id IN (<entries>) ORDER BY t.id")
                .bindList("entries", List.copyOf(entryIds))
                .map(SpecialTaskRows::map)
                .list());
  }

  /** True if a repair was run for the entry (Autotest fails an entry's host after a second try). */
  public boolean hadRepair(long entryId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                        """
                    SELECT COUNT(*) FROM special_tasks
                     WHERE queue_entry_id = :e AND task = 'REPAIR' AND complete = TRUE""")
                    .bind("e", entryId)
                    .mapTo(Long.class)
                    .one()
                > 0);
  }

  /**
   * Hosts due for a periodic verify, up to {@code limit} (0 for all): valid, unlocked hosts not
   * protected with "Do not verify" and with no task pending or running, that are Repair Failed
   * (Autotest's dead hosts) or Ready without a successful verify since {@code since}.
   *
   * @return their ids, by id
   */
  public List<Long> dueForReverify(Instant since, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    """
                    SELECT h.id FROM hosts h
                     WHERE h.invalid = FALSE AND h.locked = FALSE AND h.protection <> :dnv
                       AND (h.status = 'REPAIR_FAILED'
                            OR (h.status = 'READY' AND NOT EXISTS
                                 (SELECT 1 FROM special_tasks v
                                   WHERE v.host_id = h.id AND v.task = 'VERIFY'
                                     AND v.success = TRUE AND v.finished_on >= :since)))
                       AND NOT EXISTS
                           (SELECT 1 FROM special_tasks p
                             WHERE p.host_id = h.id AND p.complete = FALSE)
                     ORDER BY h.id LIMIT :limit""")
                .bind("dnv", Protection.DO_NOT_VERIFY.name())
                .bind("since", since)
                .bind("limit", limit == 0 ? Integer.MAX_VALUE : limit)
                .mapTo(Long.class)
                .list());
  }

  /**
   * Completes an active task with its effect on its host and entry, in one transaction: the task
   * gets its result and finish time; the host walks {@link TaskCompletion#hostPath()} from the
   * task's status; the entry changes as asked; the next task, if any, starts for the same entry.
   *
   * @return true if done; false (and nothing changed) when the task was no longer active, the host
   *     not in the task's status, or the entry not Verifying for a start
   */
  public boolean complete(SpecialTask task, TaskCompletion end, String scheduler) {
    Instant now = clock.instant();
    return jdbi.inTransaction(h -> TaskCompletions.complete(h, task, end, scheduler, now));
  }

  private Optional<SpecialTask> findPending(String key) {
    return jdbi.withHandle(
        h ->
            h.createQuery(SpecialTaskRows.SELECT_TASKS + " WHERE t.pending_key = :key")
                .bind("key", key)
                .map(SpecialTaskRows::map)
                .findOne());
  }
}
