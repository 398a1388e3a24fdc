package hangar.store;

import hangar.lab.SchedulerInstance;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The schedulers sharing the database: registration, heartbeats, and handing a dead one's entries
 * to a live one.
 */
public final class SchedulerStore {
  private final Jdbi jdbi;
  private final Clock clock;

  public SchedulerStore(Database database, Clock clock) {
    this.jdbi = database.jdbi();
    this.clock = clock;
  }

  /** Registers a scheduler (again, if a row of that name was removed as dead). */
  public void register(String name, String hostname, long pid) {
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          h.createUpdate("DELETE FROM schedulers WHERE name = :name").bind("name", name).execute();
          h.createUpdate(
                  """
                  INSERT INTO schedulers (name, hostname, pid, started_on, heartbeat_on)
                  VALUES (:name, :hostname, :pid, :now, :now)""")
              .bind("name", name)
              .bind("hostname", hostname)
              .bind("pid", pid)
              .bind("now", now)
              .execute();
        });
  }

  /**
   * Renews the scheduler's heartbeat.
   *
   * @return false when its row is gone: another scheduler took it for dead and adopted its entries,
   *     so it must register again
   */
  public boolean renewHeartbeat(String name) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("UPDATE schedulers SET heartbeat_on = :now WHERE name = :name")
                    .bind("now", clock.instant())
                    .bind("name", name)
                    .execute())
        == 1;
  }

  /** Every registered scheduler, by name. */
  public List<SchedulerInstance> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT name, hostname, pid, started_on, heartbeat_on FROM schedulers"
                        + " ORDER BY name")
                .map(
                    (rs, ctx) ->
                        new SchedulerInstance(
                            rs.getString("name"),
                            rs.getString("hostname"),
                            rs.getLong("pid"),
                            Rows.instant(rs, "started_on", ctx),
                            Rows.instant(rs, "heartbeat_on", ctx)))
                .list());
  }

  /**
   * Gives every active entry of a dead scheduler to {@code heir} and removes the dead one's row; of
   * two live schedulers doing this at once, each entry goes to exactly one.
   *
   * @return how many entries {@code heir} took
   */
  public int adopt(String dead, String heir) {
    return jdbi.inTransaction(
        h -> {
          int taken =
              h.createUpdate(
                      """
                      UPDATE host_queue_entries
                         SET scheduler = :heir, version = version + 1,
                             drone_machine = COALESCE(drone_machine,
                               (SELECT s.hostname FROM schedulers s WHERE s.name = :dead))
                       WHERE scheduler = :dead AND complete = FALSE""")
                  .bind("heir", heir)
                  .bind("dead", dead)
                  .execute();
          taken +=
              h.createUpdate(
                      """
                      UPDATE special_tasks SET scheduler = :heir
                       WHERE scheduler = :dead AND active = TRUE""")
                  .bind("heir", heir)
                  .bind("dead", dead)
                  .execute();
          h.createUpdate("DELETE FROM schedulers WHERE name = :dead").bind("dead", dead).execute();
          return taken;
        });
  }

  /**
   * Leaves the pool on a clean stop: the scheduler's entries become nobody's, for the next
   * scheduler that ticks to adopt at once.
   */
  public void resign(String name) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  """
                  UPDATE host_queue_entries
                     SET scheduler = NULL, version = version + 1,
                         drone_machine = COALESCE(drone_machine,
                           (SELECT s.hostname FROM schedulers s WHERE s.name = :name))
                   WHERE scheduler = :name AND complete = FALSE""")
              .bind("name", name)
              .execute();
          h.createUpdate(
                  "UPDATE special_tasks SET scheduler = NULL WHERE scheduler = :name AND active = TRUE")
              .bind("name", name)
              .execute();
          h.createUpdate("DELETE FROM schedulers WHERE name = :name").bind("name", name).execute();
        });
  }

  /**
   * Takes active entries and special tasks that no scheduler follows (their scheduler resigned).
   *
   * @return how many were taken
   */
  public int adoptOrphans(String heir) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                        """
                    UPDATE host_queue_entries SET scheduler = :heir, version = version + 1
                     WHERE scheduler IS NULL AND active = TRUE""")
                    .bind("heir", heir)
                    .execute()
                + h.createUpdate(
                        """
                        UPDATE special_tasks SET scheduler = :heir
                         WHERE scheduler IS NULL AND active = TRUE""")
                    .bind("heir", heir)
                    .execute());
  }
}
