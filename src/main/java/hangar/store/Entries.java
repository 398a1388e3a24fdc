package hangar.store;

import hangar.lab.EntryStatus;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** Statements on queue entries that host and label deletion share. */
final class Entries {
  private Entries() {}

  /** The ids of the unfinished jobs with an entry matching {@code where} (which binds :id). */
  static List<Long> unfinishedJobs(Handle h, String where, long id) {
    return h.createQuery(
            "SELECT DISTINCT job_id FROM host_queue_entries WHERE complete = FALSE AND ("
                + where
                + ") ORDER BY job_id")
        .bind("id", id)
        .mapTo(Long.class)
        .list();
  }

  /**
   * Withdraws the entries matching {@code where} (which binds :id): queued ones fail at once with
   * the reason, active ones are marked aborted for the scheduler to stop, and jobs left with
   * nothing unfinished get their finish time.
   */
  static void withdraw(Handle h, String where, long id, String reason, Instant now) {
    List<Long> jobs = unfinishedJobs(h, where, id);
    if (jobs.isEmpty()) {
      return;
    }
    h.createUpdate(
            """
            UPDATE host_queue_entries
               SET status = :failed, active = FALSE, complete = TRUE, reason = :reason,
                   finished_on = :now, version = version + 1
             WHERE status = :queued AND ("""
                + where
                + ")")
        .bind("failed", EntryStatus.FAILED.name())
        .bind("queued", EntryStatus.QUEUED.name())
        .bind("reason", reason)
        .bind("now", now)
        .bind("id", id)
        .execute();
    h.createUpdate(
            """
            UPDATE host_queue_entries
               SET aborted = TRUE, abort_reason = COALESCE(abort_reason, :reason),
                   version = version + 1
             WHERE complete = FALSE AND status <> :queued AND ("""
                + where
                + ")")
        .bind("queued", EntryStatus.QUEUED.name())
        .bind("reason", reason)
        .bind("id", id)
        .execute();
    h.createUpdate(
            """
            UPDATE jobs SET finished_on = :now
             WHERE id IN (<jobs>) AND finished_on IS NULL AND NOT EXISTS
                   (SELECT 1 FROM host_queue_entries q WHERE q.job_id = jobs.id
                       AND q.complete = FALSE)""")
        .bind("now", now)
        .bindList("jobs", jobs)
        .execute();
  }
}
