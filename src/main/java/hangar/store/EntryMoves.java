package hangar.store;

import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Changes host queue entries that are not finishing, inside the caller's handle: from one active
 * status to another, back to the queue, marked for abort, or only their reason. Each change is a
 * guarded {@code UPDATE}; {@link HostQueueEntryStore} checks the statuses before it calls here.
 */
final class EntryMoves {
  private static final String MOVE_ALL =
      """
      UPDATE host_queue_entries
         SET status = :to, version = version + 1,
             started_on = COALESCE(started_on, :now)
       WHERE id IN (<ids>) AND status = :from""";

  private EntryMoves() {}

  /**
   * Moves the entries from {@code from} to {@code to}.
   *
   * @return the ids now in {@code to}, whoever moved them there
   */
  static Set<Long> transitionAll(
      Handle h, List<Long> ids, EntryStatus from, EntryStatus to, Clock clock) {
    // One statement per few hundred; only when some were not in `from` any more does it take
    // another to learn which are in `to`.
    Set<Long> there = new HashSet<>();
    for (List<Long> chunk : Rows.chunks(ids)) {
      int moved =
          h.createUpdate(MOVE_ALL)
              .bind("to", to.name())
              .bind("from", from.name())
              .bind("now", clock.instant())
              .bindList("ids", chunk)
              .execute();
      if (moved == chunk.size()) {
        there.addAll(chunk);
      } else {
        there.addAll(
            h.createQuery("SELECT id FROM host_queue_entries WHERE id IN (<ids>) AND status = :to")
                .bindList("ids", chunk)
                .bind("to", to.name())
                .mapTo(Long.class)
                .list());
      }
    }
    return Set.copyOf(there);
  }

  /**
   * Moves one entry from {@code from} to {@code to}.
   *
   * @return true if the entry was still in {@code from}
   */
  static boolean transition(Handle h, long id, EntryStatus from, EntryStatus to, Clock clock) {
    return h.createUpdate(
                """
                UPDATE host_queue_entries
                   SET status = :to, version = version + 1,
                       started_on = COALESCE(started_on, :now)
                 WHERE id = :id AND status = :from""")
            .bind("to", to.name())
            .bind("from", from.name())
            .bind("now", clock.instant())
            .bind("id", id)
            .execute()
        == 1;
  }

  /**
   * Puts a Starting entry back in the queue and its host back to Ready.
   *
   * @return true if the entry was still Starting
   */
  static boolean requeue(Handle h, HostQueueEntry entry, String reason) {
    int updated =
        h.createUpdate(
                """
                UPDATE host_queue_entries
                   SET status = :queued, active = FALSE, drone = NULL, scheduler = NULL,
                       reason = :reason, version = version + 1
                 WHERE id = :id AND status = :starting""")
            .bind("queued", EntryStatus.QUEUED.name())
            .bind("starting", EntryStatus.STARTING.name())
            .bind("reason", Reasons.truncate(reason))
            .bind("id", entry.id())
            .execute();
    if (updated == 0) {
      return false;
    }
    Hosts.transition(h, entry.hostId(), HostStatus.RUNNING, HostStatus.READY, null);
    return true;
  }

  /**
   * Marks an unfinished entry for abort, with the reason it will end with.
   *
   * @return true if it was unfinished and not yet marked
   */
  static boolean requestAbort(Handle h, long id, String reason) {
    return h.createUpdate(
                """
                UPDATE host_queue_entries
                   SET aborted = TRUE, abort_reason = :reason, version = version + 1
                 WHERE id = :id AND complete = FALSE AND aborted = FALSE""")
            .bind("reason", reason)
            .bind("id", id)
            .execute()
        == 1;
  }

  /** Sets the reason of each entry that is still Queued: one statement per reason. */
  static void explainWaits(Handle h, Map<Long, String> reasons) {
    // Entries that wait for the same reason (every host of a label busy) share one statement.
    Map<String, List<Long>> byReason = new HashMap<>();
    reasons.forEach(
        (id, reason) ->
            byReason.computeIfAbsent(Reasons.truncate(reason), r -> new ArrayList<>()).add(id));
    byReason.forEach(
        (reason, ids) -> {
          for (List<Long> chunk : Rows.chunks(ids)) {
            h.createUpdate(
                    "UPDATE host_queue_entries SET reason = :reason"
                        + " WHERE id IN (<ids>) AND status = :q")
                .bind("reason", reason)
                .bindList("ids", chunk)
                .bind("q", EntryStatus.QUEUED.name())
                .execute();
          }
        });
  }
}
