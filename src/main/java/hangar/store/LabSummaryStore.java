package hangar.store;

import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * The counts a lab's front page shows: the queue and the work in progress by priority, the hosts by
 * status, the latest failures. Each is one grouped query over indexed columns, so the page costs
 * the same with ten jobs or a hundred thousand.
 */
public final class LabSummaryStore {
  private final Jdbi jdbi;

  public LabSummaryStore(Database database) {
    this.jdbi = database.jdbi();
  }

  /**
   * The unfinished entries counted by their job's priority and their status.
   *
   * @param byPriority priority (highest first) to the count of each unfinished status, zeros
   *     included
   */
  public record Queue(Map<Integer, Map<EntryStatus, Long>> byPriority) {
    public Queue {
      byPriority = java.util.Collections.unmodifiableMap(byPriority);
    }

    /** How many entries of {@code priority} are in {@code status}. */
    public long count(int priority, EntryStatus status) {
      return byPriority.getOrDefault(priority, Map.of()).getOrDefault(status, 0L);
    }

    /** How many entries are in {@code status}, whatever their priority. */
    public long total(EntryStatus status) {
      return byPriority.values().stream().mapToLong(m -> m.getOrDefault(status, 0L)).sum();
    }
  }

  /** The unfinished entries by priority and status. */
  public Queue queue() {
    List<String> unfinished =
        java.util.Arrays.stream(EntryStatus.values())
            .filter(s -> !s.isComplete())
            .map(EntryStatus::name)
            .toList();
    Map<Integer, Map<EntryStatus, Long>> counts =
        new TreeMap<>(java.util.Comparator.reverseOrder());
    jdbi.useHandle(
        h ->
            h.createQuery(
                    """
                    SELECT priority, status, COUNT(*) AS n FROM host_queue_entries
                     WHERE status IN (<statuses>) GROUP BY priority, status""")
                .bindList("statuses", unfinished)
                .map(
                    (rs, ctx) ->
                        new Object[] {
                          rs.getInt("priority"),
                          EntryStatus.valueOf(rs.getString("status")),
                          rs.getLong("n")
                        })
                .forEach(
                    row ->
                        counts
                            .computeIfAbsent((Integer) row[0], p -> zeros())
                            .put((EntryStatus) row[1], (Long) row[2])));
    return new Queue(counts);
  }

  private static Map<EntryStatus, Long> zeros() {
    Map<EntryStatus, Long> zeros = new EnumMap<>(EntryStatus.class);
    for (EntryStatus status : EntryStatus.values()) {
      if (!status.isComplete()) {
        zeros.put(status, 0L);
      }
    }
    return zeros;
  }

  /**
   * The registered hosts (not deleted) by status, and how many of them are locked.
   *
   * @param byStatus every status with its count, zeros included
   * @param locked how many hosts are locked, whatever their status
   */
  public record Hosts(Map<HostStatus, Long> byStatus, long locked) {
    public Hosts {
      byStatus = java.util.Collections.unmodifiableMap(byStatus);
    }

    /** Every host counted. */
    public long total() {
      return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** The hosts by status. */
  public Hosts hosts() {
    Map<HostStatus, Long> byStatus = new EnumMap<>(HostStatus.class);
    for (HostStatus status : HostStatus.values()) {
      byStatus.put(status, 0L);
    }
    long[] locked = {0};
    jdbi.useHandle(
        h -> {
          h.createQuery(
                  "SELECT status, COUNT(*) AS n FROM hosts WHERE invalid = FALSE GROUP BY status")
              .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n")))
              .forEach(row -> byStatus.put(HostStatus.valueOf(row.getKey()), row.getValue()));
          locked[0] =
              h.createQuery("SELECT COUNT(*) FROM hosts WHERE invalid = FALSE AND locked = TRUE")
                  .mapTo(Long.class)
                  .one();
        });
    return new Hosts(byStatus, locked[0]);
  }

  /**
   * A failed entry with its job's name and owner.
   *
   * @param entry the entry
   * @param jobName its job's name
   * @param owner its job's owner
   */
  public record Failure(HostQueueEntry entry, String jobName, String owner) {}

  /** The latest failed entries, newest first. */
  public List<Failure> recentFailures(int limit) {
    List<Failure> failures = new ArrayList<>();
    jdbi.useHandle(
        h -> {
          List<HostQueueEntry> entries =
              h.createQuery(
                      EntryRows.SELECT_ENTRIES
                          + " WHERE e.status = :failed ORDER BY e.id DESC LIMIT "
                          + Math.max(1, limit))
                  .bind("failed", EntryStatus.FAILED.name())
                  .map(EntryRows::map)
                  .list();
          if (entries.isEmpty()) {
            return;
          }
          Map<Long, String[]> jobs = new java.util.HashMap<>();
          h.createQuery("SELECT id, name, owner FROM jobs WHERE id IN (<ids>)")
              .bindList("ids", entries.stream().map(HostQueueEntry::jobId).distinct().toList())
              .map(
                  (rs, ctx) ->
                      Map.entry(
                          rs.getLong("id"),
                          new String[] {rs.getString("name"), rs.getString("owner")}))
              .forEach(row -> jobs.put(row.getKey(), row.getValue()));
          for (HostQueueEntry e : entries) {
            String[] job = jobs.get(e.jobId());
            failures.add(new Failure(e, job[0], job[1]));
          }
        });
    return failures;
  }
}
