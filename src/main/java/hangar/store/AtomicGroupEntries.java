package hangar.store;

import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The queue entries of atomic group jobs. Such a job starts with one entry and no host; when the
 * scheduler finds a group of hosts for it, that entry takes the first host and one new entry per
 * other host joins the job (Autotest's expansion of an atomic group entry). From then on they are
 * entries on named hosts of a synchronous job: they wait Pending until their group starts.
 */
public final class AtomicGroupEntries {
  private final Jdbi jdbi;

  AtomicGroupEntries(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Gives a queued atomic group entry, at the version read, its hosts: the first host to it, one
   * new queued entry of its job per other host; all in one transaction.
   *
   * @param hostIds the hosts of the group, in the order their entries are wanted; at least one
   * @return the entries now on those hosts, still Queued, in the order of {@code hostIds}; empty,
   *     changing nothing, when the entry moved since it was read (another scheduler got it first)
   */
  public List<HostQueueEntry> expand(HostQueueEntry entry, List<Long> hostIds) {
    if (!entry.picksAtomicGroup()) {
      throw new IllegalArgumentException(
          "entry " + entry.id() + " is not an atomic group entry waiting for hosts");
    }
    if (hostIds.isEmpty() || hostIds.size() != hostIds.stream().distinct().count()) {
      throw new IllegalArgumentException(
          "an atomic group needs distinct hosts, was " + hostIds + " for entry " + entry.id());
    }
    return jdbi.inTransaction(
        h -> {
          int taken =
              h.createUpdate(
                      """
                      UPDATE host_queue_entries SET host_id = :host, version = version + 1
                       WHERE id = :id AND status = :queued AND version = :version
                             AND host_id IS NULL AND aborted = FALSE""")
                  .bind("host", hostIds.get(0))
                  .bind("id", entry.id())
                  .bind("queued", EntryStatus.QUEUED.name())
                  .bind("version", entry.version())
                  .execute();
          if (taken == 0) {
            return List.<HostQueueEntry>of();
          }
          long[] row =
              h.createQuery(
                      "SELECT priority, atomic_group_id FROM host_queue_entries WHERE id = :id")
                  .bind("id", entry.id())
                  .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                  .one();
          List<Long> ids = new ArrayList<>();
          ids.add(entry.id());
          for (long host : hostIds.subList(1, hostIds.size())) {
            ids.add(
                h.createUpdate(
                        """
                        INSERT INTO host_queue_entries
                               (job_id, priority, host_id, atomic_group_id, status)
                        VALUES (:job, :priority, :host, :group, :status)""")
                    .bind("job", entry.jobId())
                    .bind("priority", row[0])
                    .bind("host", host)
                    .bind("group", row[1])
                    .bind("status", EntryStatus.QUEUED.name())
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
          }
          List<HostQueueEntry> expanded =
              h.createQuery(EntryRows.SELECT_ENTRIES + " WHERE e.id IN (<ids>)")
                  .bindList("ids", ids)
                  .map(EntryRows::map)
                  .list();
          return ids.stream()
              .map(id -> expanded.stream().filter(e -> e.id() == id).findFirst().orElseThrow())
              .toList();
        });
  }
}
