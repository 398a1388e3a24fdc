package hangar.store;

import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads host queue entries: the queue and the active entries as the scheduler's tick reads them,
 * counts by status, and the entries of a host or of jobs. {@link HostQueueEntryStore} documents
 * each query; the other stores read entries through {@link #SELECT_ENTRIES} and {@link #map}.
 */
final class EntryRows {
  static final String SELECT_ENTRIES =
      """
      SELECT e.id, e.job_id, e.host_id, h.hostname, l.name AS meta_host_name, e.status,
             e.active, e.complete, e.aborted, e.execution_subdir, e.drone, e.reason,
             e.started_on, e.finished_on, e.version, ag.name AS atomic_group_name
        FROM host_queue_entries e
        LEFT JOIN hosts h ON h.id = e.host_id
        LEFT JOIN labels l ON l.id = e.meta_host
        LEFT JOIN atomic_groups ag ON ag.id = e.atomic_group_id
      """;

  private EntryRows() {}

  static List<HostQueueEntry> queued(Handle h, int limit) {
    // The ORDER BY names the queue index's leading columns too, although the WHERE fixes them:
    // H2 reads rows in index order only then.
    return h.createQuery(
            SELECT_ENTRIES
                + """
                 WHERE e.status = :queued AND e.aborted = FALSE
                 ORDER BY e.status, e.aborted, e.priority DESC, e.job_id, e.id
                 LIMIT :limit""")
        .bind("queued", EntryStatus.QUEUED.name())
        .bind("limit", limit)
        .map(EntryRows::map)
        .list();
  }

  static List<HostQueueEntry> activeFor(Handle h, String scheduler) {
    return h.createQuery(
            SELECT_ENTRIES + " WHERE e.active = TRUE AND e.scheduler = :s ORDER BY e.id")
        .bind("s", scheduler)
        .map(EntryRows::map)
        .list();
  }

  static long countActive(Handle h) {
    return h.createQuery("SELECT COUNT(*) FROM host_queue_entries WHERE active = TRUE")
        .mapTo(Long.class)
        .one();
  }

  static List<HostQueueEntry> active(Handle h) {
    return h.createQuery(SELECT_ENTRIES + " WHERE e.active = TRUE ORDER BY e.id")
        .map(EntryRows::map)
        .list();
  }

  static List<HostQueueEntry> queuedAborted(Handle h) {
    return h.createQuery(
            SELECT_ENTRIES + " WHERE e.status = :queued AND e.aborted = TRUE ORDER BY e.id")
        .bind("queued", EntryStatus.QUEUED.name())
        .map(EntryRows::map)
        .list();
  }

  /** Running entries of the scheduler past their job's max runtime at {@code now}. */
  static List<Map.Entry<HostQueueEntry, Long>> overdue(Handle h, String scheduler, Instant now) {
    return h.createQuery(
            SELECT_ENTRIES.replace("SELECT e.id,", "SELECT j.max_runtime_minutes, e.id,")
                + """
                  JOIN jobs j ON j.id = e.job_id
                 WHERE e.status = :running AND e.aborted = FALSE AND e.scheduler = :s
                 ORDER BY e.id""")
        .bind("running", EntryStatus.RUNNING.name())
        .bind("s", scheduler)
        .map((rs, ctx) -> Map.entry(map(rs, ctx), rs.getLong("max_runtime_minutes")))
        .filter(
            e ->
                e.getKey().startedOn() != null
                    && e.getKey().startedOn().plus(Duration.ofMinutes(e.getValue())).isBefore(now))
        .list();
  }

  /**
   * Active entries of the scheduler on {@code drone} that another machine's drone of that name was
   * given, each with that machine.
   */
  static List<Map.Entry<HostQueueEntry, String>> elsewhere(
      Handle h, String scheduler, String drone, String machine) {
    return h.createQuery(
            SELECT_ENTRIES.replace("SELECT e.id,", "SELECT e.drone_machine, e.id,")
                + """
                 WHERE e.active = TRUE AND e.scheduler = :s AND e.drone = :d
                       AND e.drone_machine IS NOT NULL AND e.drone_machine <> :m
                 ORDER BY e.id""")
        .bind("s", scheduler)
        .bind("d", drone)
        .bind("m", machine)
        .map((rs, ctx) -> Map.entry(map(rs, ctx), rs.getString("drone_machine")))
        .list();
  }

  /** Of these entries, the ids of those still Starting and followed by the scheduler. */
  static List<Long> startingFor(Handle h, Collection<Long> ids, String scheduler) {
    return h.createQuery(
            """
            SELECT id FROM host_queue_entries
             WHERE id IN (<ids>) AND status = :starting AND scheduler = :s""")
        .bindList("ids", List.copyOf(ids))
        .bind("starting", EntryStatus.STARTING.name())
        .bind("s", scheduler)
        .mapTo(Long.class)
        .list();
  }

  static Map<EntryStatus, Long> countUnfinishedByStatus(Handle h) {
    Map<EntryStatus, Long> counts = new EnumMap<>(EntryStatus.class);
    for (EntryStatus status : EntryStatus.values()) {
      if (!status.isComplete()) {
        counts.put(status, 0L);
      }
    }
    List<String> names = counts.keySet().stream().map(EntryStatus::name).toList();
    // By status, not by the complete flag: status is indexed, so this counts index entries.
    h.createQuery(
            """
            SELECT status, COUNT(*) AS n FROM host_queue_entries
             WHERE status IN (<statuses>) GROUP BY status""")
        .bindList("statuses", names)
        .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n")))
        .forEach(row -> counts.put(EntryStatus.valueOf(row.getKey()), row.getValue()));
    return counts;
  }

  static Optional<HostQueueEntry> find(Handle h, long id) {
    return h.createQuery(SELECT_ENTRIES + " WHERE e.id = :id")
        .bind("id", id)
        .map(EntryRows::map)
        .findOne();
  }

  static List<HostQueueEntry> forHost(Handle h, long hostId, int limit) {
    return h.createQuery(
            SELECT_ENTRIES + " WHERE e.host_id = :host ORDER BY e.id DESC LIMIT :limit")
        .bind("host", hostId)
        .bind("limit", limit)
        .map(EntryRows::map)
        .list();
  }

  /** The entries of these jobs, by id. */
  static List<HostQueueEntry> forJobs(Handle h, Collection<Long> jobIds) {
    return h.createQuery(SELECT_ENTRIES + " WHERE e.job_id IN (<ids>) ORDER BY e.id")
        .bindList("ids", List.copyOf(jobIds))
        .map(EntryRows::map)
        .list();
  }

  /** An entry from a row of {@link #SELECT_ENTRIES}. */
  static HostQueueEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new HostQueueEntry(
        rs.getLong("id"),
        rs.getLong("job_id"),
        Rows.nullableLong(rs, "host_id"),
        rs.getString("hostname"),
        rs.getString("meta_host_name"),
        EntryStatus.valueOf(rs.getString("status")),
        rs.getBoolean("active"),
        rs.getBoolean("complete"),
        rs.getBoolean("aborted"),
        rs.getString("execution_subdir"),
        rs.getString("drone"),
        rs.getString("reason"),
        Rows.instant(rs, "started_on", ctx),
        Rows.instant(rs, "finished_on", ctx),
        rs.getLong("version"),
        rs.getString("atomic_group_name"));
  }
}
