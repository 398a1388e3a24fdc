package hangar.store;

import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.lab.SpecialTaskType;
import hangar.store.HostQueueEntryStore.Finish;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Completes host queue entries inside the caller's transaction: the final status and reason, the
 * host freed (back to Ready, or on to a cleanup or a verify), and the job's finish time once its
 * last entry is complete. {@link HostQueueEntryStore} checks the statuses before it calls here.
 */
final class EntryFinishes {
  private static final String FINISH_ENTRY =
      """
      UPDATE host_queue_entries
         SET status = :to, active = FALSE, complete = TRUE,
             reason = CASE WHEN :to = 'ABORTED' AND abort_reason IS NOT NULL
                           THEN abort_reason ELSE :reason END,
             finished_on = :now, scheduler = NULL, version = version + 1
       WHERE id = :id AND status = :from""";

  private EntryFinishes() {}

  /**
   * Completes one entry; its host goes Running to Ready, or to Cleaning with a cleanup that {@code
   * cleanupBy} starts when that is not null.
   *
   * @return true if the entry was still in {@code from}
   */
  static boolean finish(
      Handle h,
      HostQueueEntry entry,
      EntryStatus from,
      EntryStatus to,
      String reason,
      String cleanupBy,
      Clock clock) {
    int updated =
        h.createUpdate(FINISH_ENTRY)
            .bind("to", to.name())
            .bind("reason", Reasons.truncate(reason))
            .bind("now", clock.instant())
            .bind("id", entry.id())
            .bind("from", from.name())
            .execute();
    if (updated == 0) {
      return false;
    }
    if (entry.hostId() != null && from.isActive()) {
      if (cleanupBy == null) {
        Hosts.transition(h, entry.hostId(), HostStatus.RUNNING, HostStatus.READY, true);
      } else if (Hosts.transition(
          h, entry.hostId(), HostStatus.RUNNING, HostStatus.CLEANING, true)) {
        SpecialTaskRows.insertActive(
            h, entry.hostId(), SpecialTaskType.CLEANUP, null, cleanupBy, clock.instant());
      }
    }
    markJobFinishedIfDone(h, entry.jobId(), clock.instant());
    return true;
  }

  /**
   * Completes many entries with a few batched statements; the hosts of those finished with {@code
   * verify} or {@code clean} get a verify or a cleanup that {@code cleanupBy} starts.
   *
   * @param allowed finishes whose change of status is allowed
   * @return the ids of the entries that were still in their {@code from} status and completed
   */
  static Set<Long> finishAll(Handle h, List<Finish> allowed, String cleanupBy, Instant now) {
    PreparedBatch entriesBatch = h.prepareBatch(FINISH_ENTRY);
    for (Finish f : allowed) {
      entriesBatch
          .bind("to", f.to().name())
          .bind("reason", Reasons.truncate(f.reason()))
          .bind("now", now)
          .bind("id", f.entry().id())
          .bind("from", f.from().name())
          .add();
    }
    Set<Long> done = Batches.changed(allowed, entriesBatch.execute(), f -> f.entry().id());
    List<Finish> freeing =
        allowed.stream()
            .filter(f -> done.contains(f.entry().id()))
            .filter(f -> f.entry().hostId() != null && f.from().isActive())
            .toList();
    List<Long> toVerify =
        freeing.stream().filter(Finish::verify).map(f -> f.entry().hostId()).toList();
    Set<Long> verifying =
        Hosts.transitionAll(h, toVerify, HostStatus.RUNNING, HostStatus.VERIFYING, true);
    SpecialTaskRows.insertActive(
        h,
        toVerify.stream().filter(verifying::contains).toList(),
        SpecialTaskType.VERIFY,
        cleanupBy,
        now);
    freeing = freeing.stream().filter(f -> !f.verify()).toList();
    List<Finish> toReady = freeing.stream().filter(f -> !f.clean()).toList();
    Hosts.transitionAll(
        h,
        toReady.stream().map(f -> f.entry().hostId()).toList(),
        HostStatus.RUNNING,
        HostStatus.READY,
        true);
    List<Long> toClean =
        freeing.stream().filter(Finish::clean).map(f -> f.entry().hostId()).toList();
    Set<Long> cleaning =
        Hosts.transitionAll(h, toClean, HostStatus.RUNNING, HostStatus.CLEANING, true);
    SpecialTaskRows.insertActive(
        h,
        toClean.stream().filter(cleaning::contains).toList(),
        SpecialTaskType.CLEANUP,
        cleanupBy,
        now);
    markJobsFinishedIfDone(
        h,
        allowed.stream()
            .filter(f -> done.contains(f.entry().id()))
            .map(f -> f.entry().jobId())
            .distinct()
            .toList(),
        now);
    return done;
  }

  private static void markJobsFinishedIfDone(Handle h, List<Long> jobIds, Instant now) {
    for (List<Long> chunk : Rows.chunks(jobIds)) {
      h.createUpdate(
              """
              UPDATE jobs SET finished_on = :now
               WHERE id IN (<jobs>) AND finished_on IS NULL AND NOT EXISTS
                     (SELECT 1 FROM host_queue_entries q WHERE q.job_id = jobs.id
                         AND q.complete = FALSE)""")
          .bind("now", now)
          .bindList("jobs", chunk)
          .execute();
    }
  }

  private static void markJobFinishedIfDone(Handle h, long jobId, Instant now) {
    h.createUpdate(
            """
            UPDATE jobs SET finished_on = :now
             WHERE id = :job AND finished_on IS NULL AND NOT EXISTS
                   (SELECT 1 FROM host_queue_entries WHERE job_id = :job AND complete = FALSE)""")
        .bind("now", now)
        .bind("job", jobId)
        .execute();
  }
}
