package hangar.store;

import hangar.lab.SpecialTask;
import hangar.lab.SpecialTaskType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Special task rows: the SELECT the task queries start from and its mapper, and the inserts of
 * tasks that start at once, which finishing an entry and completing a task share.
 */
final class SpecialTaskRows {
  static final String SELECT_TASKS =
      """
      SELECT t.id, t.host_id, h.hostname, t.task, t.queue_entry_id, t.active, t.complete,
             t.success, t.reason, t.requested_on, t.started_on, t.finished_on
        FROM special_tasks t JOIN hosts h ON h.id = t.host_id
      """;

  /** Repairs first, then cleanups, then verifies, as Autotest's dispatcher orders them. */
  static final String BY_PRIORITY =
      " ORDER BY CASE t.task WHEN 'REPAIR' THEN 0 WHEN 'CLEANUP' THEN 1 ELSE 2 END, t.id";

  private SpecialTaskRows() {}

  /** Inserts one active task of {@code type} per host, started now by {@code scheduler}. */
  static void insertActive(
      Handle h, List<Long> hostIds, SpecialTaskType type, String scheduler, Instant now) {
    if (hostIds.isEmpty()) {
      return;
    }
    var batch =
        h.prepareBatch(
            """
            INSERT INTO special_tasks
                   (host_id, task, queue_entry_id, active, requested_on, started_on, scheduler)
            VALUES (:host, :task, NULL, TRUE, :now, :now, :s)""");
    for (long host : hostIds) {
      batch
          .bind("host", host)
          .bind("task", type.name())
          .bind("now", now)
          .bind("s", scheduler)
          .add();
    }
    batch.execute();
  }

  /** Inserts a task that starts at once, followed by {@code scheduler}; returns its id. */
  static long insertActive(
      Handle h, long hostId, SpecialTaskType type, Long entryId, String scheduler, Instant now) {
    return h.createUpdate(
            """
            INSERT INTO special_tasks
                   (host_id, task, queue_entry_id, active, requested_on, started_on, scheduler)
            VALUES (:host, :task, :entry, TRUE, :now, :now, :s)""")
        .bind("host", hostId)
        .bind("task", type.name())
        .bind("entry", entryId)
        .bind("now", now)
        .bind("s", scheduler)
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  /** A task from a row of {@link #SELECT_TASKS}. */
  static SpecialTask map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new SpecialTask(
        rs.getLong("id"),
        rs.getLong("host_id"),
        rs.getString("hostname"),
        SpecialTaskType.valueOf(rs.getString("task")),
        Rows.nullableLong(rs, "queue_entry_id"),
        rs.getBoolean("active"),
        rs.getBoolean("complete"),
        rs.getBoolean("success"),
        rs.getString("reason"),
        Rows.instant(rs, "requested_on", ctx),
        Rows.instant(rs, "started_on", ctx),
        Rows.instant(rs, "finished_on", ctx));
  }
}
