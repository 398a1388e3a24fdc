package hangar.store;

import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import org.jdbi.v3.core.Handle;

/** The one way a queued entry gets a host: two guarded updates that both win or neither does. */
final class Claims {
  private Claims() {}

  /**
   * Moves a Ready, unlocked host to {@code hostTo} and the queued entry, at the version it was
   * read, to {@code entryTo} on that host; rolls back the transaction when the entry was lost.
   *
   * @return true if this call won both
   */
  static boolean hostAndEntry(
      Handle h,
      HostQueueEntry entry,
      long hostId,
      HostStatus hostTo,
      EntryStatus entryTo,
      String executionSubdir,
      String drone,
      String scheduler) {
    int host =
        h.createUpdate(
                """
                UPDATE hosts SET status = :to, version = version + 1
                 WHERE id = :id AND status = :ready AND locked = FALSE""")
            .bind("to", hostTo.name())
            .bind("ready", HostStatus.READY.name())
            .bind("id", hostId)
            .execute();
    if (host == 0) {
      return false;
    }
    int updated =
        h.createUpdate(
                """
                UPDATE host_queue_entries
                   SET status = :to, active = TRUE, host_id = :host,
                       execution_subdir = :subdir, drone = :drone, scheduler = :scheduler,
                       version = version + 1
                 WHERE id = :id AND status = :queued AND version = :version
                       AND aborted = FALSE""")
            .bind("to", entryTo.name())
            .bind("host", hostId)
            .bind("subdir", executionSubdir)
            .bind("drone", drone)
            .bind("scheduler", scheduler)
            .bind("id", entry.id())
            .bind("queued", EntryStatus.QUEUED.name())
            .bind("version", entry.version())
            .execute();
    if (updated == 0) {
      h.rollback();
      return false;
    }
    return true;
  }
}
