package hangar.store;

import hangar.lab.EntryStatus;
import hangar.lab.HostStatus;
import hangar.lab.SpecialTask;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Carries out a {@link TaskCompletion} inside the caller's transaction: the task's result, its
 * host's walk through {@link TaskCompletion#hostPath()}, the change to the entry it ran for, and
 * the next task. {@link SpecialTaskStore#complete} documents the whole.
 */
final class TaskCompletions {
  private TaskCompletions() {}

  /**
   * Completes an active task; rolls the transaction back when something moved meanwhile.
   *
   * @return true if done; false (and nothing changed) when the task was no longer active, the host
   *     not in the task's status, or the entry not Verifying for a start
   */
  static boolean complete(
      Handle h, SpecialTask task, TaskCompletion end, String scheduler, Instant now) {
    int updated =
        h.createUpdate(
                """
                UPDATE special_tasks
                   SET active = FALSE, complete = TRUE, success = :ok, reason = :reason,
                       finished_on = :now, scheduler = NULL, pending_key = NULL
                 WHERE id = :id AND active = TRUE AND complete = FALSE""")
            .bind("ok", end.success())
            .bind("reason", Reasons.truncate(end.reason()))
            .bind("now", now)
            .bind("id", task.id())
            .execute();
    if (updated == 0 || !walk(h, task, end)) {
      h.rollback();
      return false;
    }
    if (task.queueEntryId() != null && !changeEntry(h, task.queueEntryId(), end, now)) {
      h.rollback();
      return false;
    }
    if (end.next() != null) {
      SpecialTaskRows.insertActive(
          h, task.hostId(), end.next(), task.queueEntryId(), scheduler, now);
    }
    return true;
  }

  private static boolean walk(Handle h, SpecialTask task, TaskCompletion end) {
    HostStatus at = task.type().hostStatus();
    List<HostStatus> path = end.hostPath();
    for (int i = 0; i < path.size(); i++) {
      Boolean dirty = end.cleanHost() && i == path.size() - 1 ? Boolean.FALSE : null;
      if (!Hosts.transition(h, task.hostId(), at, path.get(i), dirty)) {
        return false;
      }
      at = path.get(i);
    }
    return true;
  }

  /** Applies the entry change; false only when a START cannot happen (the entry moved). */
  private static boolean changeEntry(Handle h, long entryId, TaskCompletion end, Instant now) {
    String reason = Reasons.truncate(end.entryReason());
    return switch (end.entryChange()) {
      case NONE -> true;
      case START ->
          h.createUpdate(
                      """
                      UPDATE host_queue_entries SET status = :starting, version = version + 1
                       WHERE id = :id AND status = :verifying""")
                  .bind("starting", EntryStatus.STARTING.name())
                  .bind("verifying", EntryStatus.VERIFYING.name())
                  .bind("id", entryId)
                  .execute()
              == 1;
      case PEND ->
          h.createUpdate(
                      """
                      UPDATE host_queue_entries
                         SET status = :pending, pending_since = :now, drone = NULL,
                             version = version + 1
                       WHERE id = :id AND status = :verifying""")
                  .bind("pending", EntryStatus.PENDING.name())
                  .bind("verifying", EntryStatus.VERIFYING.name())
                  .bind("now", now)
                  .bind("id", entryId)
                  .execute()
              == 1;
      case REQUEUE -> {
        h.createUpdate(
                """
                UPDATE host_queue_entries
                   SET status = :queued, active = FALSE, drone = NULL, scheduler = NULL,
                       execution_subdir = NULL, started_on = NULL, reason = :reason,
                       host_id = CASE WHEN meta_host IS NULL THEN host_id ELSE NULL END,
                       version = version + 1
                 WHERE id = :id AND status = :verifying""")
            .bind("queued", EntryStatus.QUEUED.name())
            .bind("verifying", EntryStatus.VERIFYING.name())
            .bind("reason", reason)
            .bind("id", entryId)
            .execute();
        yield true;
      }
      case FAIL -> {
        endEntry(h, entryId, EntryStatus.FAILED, reason, now);
        yield true;
      }
      case ABORT -> {
        endEntry(h, entryId, EntryStatus.ABORTED, reason, now);
        yield true;
      }
    };
  }

  private static void endEntry(Handle h, long entryId, EntryStatus to, String reason, Instant now) {
    int updated =
        h.createUpdate(
                """
                UPDATE host_queue_entries
                   SET status = :to, active = FALSE, complete = TRUE,
                       reason = CASE WHEN :to = 'ABORTED' AND abort_reason IS NOT NULL
                                     THEN abort_reason ELSE :reason END,
                       finished_on = :now, scheduler = NULL, version = version + 1
                 WHERE id = :id AND status IN (:verifying, :queued)""")
            .bind("to", to.name())
            .bind("reason", reason)
            .bind("now", now)
            .bind("id", entryId)
            .bind("verifying", EntryStatus.VERIFYING.name())
            .bind("queued", EntryStatus.QUEUED.name())
            .execute();
    if (updated == 1) {
      h.createUpdate(
              """
              UPDATE jobs SET finished_on = :now
               WHERE finished_on IS NULL
                 AND id = (SELECT job_id FROM host_queue_entries WHERE id = :id)
                 AND NOT EXISTS (SELECT 1 FROM host_queue_entries q
                                  WHERE q.job_id = jobs.id AND q.complete = FALSE)""")
          .bind("now", now)
          .bind("id", entryId)
          .execute();
    }
  }
}
