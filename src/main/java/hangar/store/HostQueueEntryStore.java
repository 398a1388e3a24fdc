package hangar.store;

import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.lab.SpecialTaskType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Host queue entries as the scheduler moves them: every change is one guarded {@code UPDATE} that
 * names the status it expects, so a change that lost a race changes nothing and says so.
 */
public final class HostQueueEntryStore {
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

  private final Jdbi jdbi;
  private final Clock clock;
  private final boolean skipLocked;

  public HostQueueEntryStore(Database database, Clock clock) {
    this(database, clock, database.dialect().skipLocked());
  }

  /**
   * As {@link #HostQueueEntryStore(Database, Clock)}, choosing how batch claims lock: with {@code
   * SELECT ... FOR UPDATE SKIP LOCKED} or by guarded updates alone. Tests run both paths on the
   * databases that have both; {@code skipLocked} needs a database whose dialect has it.
   */
  public HostQueueEntryStore(Database database, Clock clock, boolean skipLocked) {
    if (skipLocked && !database.dialect().skipLocked()) {
      throw new IllegalArgumentException(
          database.dialect().name() + " has no SELECT ... FOR UPDATE SKIP LOCKED");
    }
    this.jdbi = database.jdbi();
    this.clock = clock;
    this.skipLocked = skipLocked;
  }

  /** The entries of atomic group jobs, on the same database. */
  public AtomicGroupEntries atomicGroups() {
    return new AtomicGroupEntries(jdbi);
  }

  /** The synchronous jobs' groups, on the same database and clock. */
  public GroupStore groups() {
    return new GroupStore(jdbi, clock);
  }

  /**
   * A queued entry and the host the scheduler chose for it.
   *
   * @param entry as read from the queue; its version guards the claim
   * @param hostId the Ready host it is to get
   * @param hostname that host's name, which becomes the entry's results subfolder
   * @param pending true for an entry of a synchronous job: it goes Pending, holding its host
   *     (Pending too), until enough of its job's entries can start together
   */
  public record Claim(HostQueueEntry entry, long hostId, String hostname, boolean pending) {
    /** A claim that starts the entry on its own. */
    public Claim(HostQueueEntry entry, long hostId, String hostname) {
      this(entry, hostId, hostname, false);
    }
  }

  /**
   * An entry to complete.
   *
   * @param entry the entry
   * @param from the status it must still be in
   * @param to its final status
   * @param reason why it ended so; an abort's own reason wins for {@code ABORTED}
   * @param clean true to send its host to a cleanup instead of back to Ready
   */
  public record Finish(
      HostQueueEntry entry,
      EntryStatus from,
      EntryStatus to,
      String reason,
      boolean clean,
      boolean verify) {
    /** A finish that does not ask for a verify. */
    public Finish(
        HostQueueEntry entry, EntryStatus from, EntryStatus to, String reason, boolean clean) {
      this(entry, from, to, reason, clean, false);
    }
  }

  /**
   * Queued entries not asked to abort, highest job priority first, then oldest: one range of the
   * queue index, however long the queue. The ORDER BY names the index's leading columns too,
   * although the WHERE fixes them: H2 reads rows in index order only then.
   */
  public List<HostQueueEntry> queued(int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    SELECT_ENTRIES
                        + """
                         WHERE e.status = :queued AND e.aborted = FALSE
                         ORDER BY e.status, e.aborted, e.priority DESC, e.job_id, e.id
                         LIMIT :limit""")
                .bind("queued", EntryStatus.QUEUED.name())
                .bind("limit", limit)
                .map(HostQueueEntryStore::map)
                .list());
  }

  /** The active entries the named scheduler follows. */
  public List<HostQueueEntry> activeFor(String scheduler) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    SELECT_ENTRIES + " WHERE e.active = TRUE AND e.scheduler = :s ORDER BY e.id")
                .bind("s", scheduler)
                .map(HostQueueEntryStore::map)
                .list());
  }

  /** How many entries hold a host or a drone slot over the whole lab. */
  public long countActive() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM host_queue_entries WHERE active = TRUE")
                .mapTo(Long.class)
                .one());
  }

  /** Entries holding a host or a drone slot, whichever scheduler follows them. */
  public List<HostQueueEntry> active() {
    return jdbi.withHandle(
        h ->
            h.createQuery(SELECT_ENTRIES + " WHERE e.active = TRUE ORDER BY e.id")
                .map(HostQueueEntryStore::map)
                .list());
  }

  /** Queued entries someone asked to abort. */
  public List<HostQueueEntry> queuedAborted() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    SELECT_ENTRIES + " WHERE e.status = :queued AND e.aborted = TRUE ORDER BY e.id")
                .bind("queued", EntryStatus.QUEUED.name())
                .map(HostQueueEntryStore::map)
                .list());
  }

  /**
   * Gives a Ready, unlocked host to a queued entry: host Ready to Running and entry Queued to
   * Starting, in one transaction, or neither. The entry is then followed by {@code scheduler}.
   *
   * @return true if this call won both
   */
  public boolean claim(
      HostQueueEntry entry, long hostId, String executionSubdir, String drone, String scheduler) {
    return jdbi.inTransaction(
        h ->
            Claims.hostAndEntry(
                h,
                entry,
                hostId,
                HostStatus.RUNNING,
                EntryStatus.STARTING,
                executionSubdir,
                drone,
                scheduler));
  }

  /**
   * Claims many hosts at once, as {@link #claim} does one: each won pair moves its host Ready to
   * Running and its entry Queued to Starting on that host (both to Pending for a pending claim),
   * followed by {@code scheduler}; a pair another scheduler got to first changes nothing. One
   * transaction of a few statements, whatever the number of pairs.
   *
   * @param claims pairs of distinct entries and distinct hosts
   * @return the entries won, as they now are (Starting or Pending, on their host), in the order
   *     given
   */
  public List<HostQueueEntry> claimAll(List<Claim> claims, String drone, String scheduler) {
    if (claims.isEmpty()) {
      return List.of();
    }
    List<Claims.Pair> won =
        jdbi.inTransaction(
            h ->
                Claims.pairs(
                    h,
                    claims.stream()
                        .map(c -> new Claims.Pair(c.entry(), c.hostId(), c.hostname(), c.pending()))
                        .toList(),
                    drone,
                    scheduler,
                    skipLocked,
                    clock.instant()));
    return won.stream().map(p -> claimed(p, drone)).toList();
  }

  private static HostQueueEntry claimed(Claims.Pair p, String drone) {
    HostQueueEntry e = p.entry();
    return new HostQueueEntry(
        e.id(),
        e.jobId(),
        p.hostId(),
        p.hostname(),
        e.metaHost(),
        p.entryTo(),
        true,
        false,
        e.aborted(),
        p.pending() ? null : p.hostname(),
        p.pending() ? null : drone,
        e.reason(),
        e.startedOn(),
        e.finishedOn(),
        e.version() + 1,
        e.atomicGroup());
  }

  /**
   * Moves many entries from one active status to another with one guarded statement, as {@link
   * #transition} does one.
   *
   * @return the ids of the entries now in {@code to}: those this call moved, and any that something
   *     else had already moved there; not those that went elsewhere
   */
  public Set<Long> transitionAll(
      Collection<HostQueueEntry> moving, EntryStatus from, EntryStatus to) {
    if (!to.isActive()) {
      throw new IllegalArgumentException("use finishAll() to move entries to " + to);
    }
    if (moving.isEmpty()) {
      return Set.of();
    }
    if (!from.canMoveTo(to)) {
      Transitions.refuse(moving.size() + " entries", from.displayName(), to.displayName());
      return Set.of();
    }
    List<Long> ids = moving.stream().map(HostQueueEntry::id).distinct().toList();
    return jdbi.inTransaction(
        h -> {
          // One statement per few hundred; only when some were not in `from` any more does it
          // take another to learn which are in `to`.
          Set<Long> there = new java.util.HashSet<>();
          for (List<Long> chunk : Rows.chunks(ids)) {
            int moved =
                h.createUpdate(
                        """
                        UPDATE host_queue_entries
                           SET status = :to, version = version + 1,
                               started_on = COALESCE(started_on, :now)
                         WHERE id IN (<ids>) AND status = :from""")
                    .bind("to", to.name())
                    .bind("from", from.name())
                    .bind("now", clock.instant())
                    .bindList("ids", chunk)
                    .execute();
            if (moved == chunk.size()) {
              there.addAll(chunk);
            } else {
              there.addAll(
                  h.createQuery(
                          "SELECT id FROM host_queue_entries WHERE id IN (<ids>) AND status = :to")
                      .bindList("ids", chunk)
                      .bind("to", to.name())
                      .mapTo(Long.class)
                      .list());
            }
          }
          return Set.copyOf(there);
        });
  }

  /**
   * Completes many entries in one transaction, each as {@link #finish} (or {@link #finishAndClean}
   * with {@code clean}) does one: a few batched statements whatever their number.
   *
   * @param cleanupBy the scheduler that starts the cleanups of entries finished with {@code clean}
   * @return the ids of the entries that were still in their {@code from} status and completed
   */
  public Set<Long> finishAll(List<Finish> finishes, String cleanupBy) {
    List<Finish> allowed = new ArrayList<>();
    for (Finish f : finishes) {
      if (!f.to().isComplete()) {
        throw new IllegalArgumentException("finishAll() takes final statuses, was " + f.to());
      }
      if (f.from().canMoveTo(f.to())) {
        allowed.add(f);
      } else {
        Transitions.refuse("entry " + f.entry().id(), f.from().displayName(), f.to().displayName());
      }
    }
    if (allowed.isEmpty()) {
      return Set.of();
    }
    java.time.Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          PreparedBatch entriesBatch =
              h.prepareBatch(
                  """
                  UPDATE host_queue_entries
                     SET status = :to, active = FALSE, complete = TRUE,
                         reason = CASE WHEN :to = 'ABORTED' AND abort_reason IS NOT NULL
                                       THEN abort_reason ELSE :reason END,
                         finished_on = :now, scheduler = NULL, version = version + 1
                   WHERE id = :id AND status = :from""");
          for (Finish f : allowed) {
            entriesBatch
                .bind("to", f.to().name())
                .bind("reason", truncate(f.reason()))
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
          SpecialTaskStore.insertActive(
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
          SpecialTaskStore.insertActive(
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
        });
  }

  /**
   * Moves an entry from one active status to another.
   *
   * @return true if the entry was still in {@code from}
   */
  public boolean transition(HostQueueEntry entry, EntryStatus from, EntryStatus to) {
    if (!to.isActive()) {
      throw new IllegalArgumentException(
          "use finish() or requeue() to move entry " + entry.id() + " to " + to);
    }
    if (!from.canMoveTo(to)) {
      Transitions.refuse("entry " + entry.id(), from.displayName(), to.displayName());
      return false;
    }
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                        """
                        UPDATE host_queue_entries
                           SET status = :to, version = version + 1,
                               started_on = COALESCE(started_on, :now)
                         WHERE id = :id AND status = :from""")
                    .bind("to", to.name())
                    .bind("from", from.name())
                    .bind("now", clock.instant())
                    .bind("id", entry.id())
                    .execute()
                == 1);
  }

  /**
   * Completes an entry: its final status and reason, its host back to Ready (and dirty), and the
   * job's finish time once this was its last unfinished entry; all in one transaction. An entry
   * that ends Aborted keeps the reason its abort was asked with, when there is one.
   *
   * @param from the status the entry must still be in
   * @param to a complete status
   * @return true if the entry was still in {@code from}
   */
  public boolean finish(HostQueueEntry entry, EntryStatus from, EntryStatus to, String reason) {
    return finish(entry, from, to, reason, null);
  }

  /**
   * As {@link #finish(HostQueueEntry, EntryStatus, EntryStatus, String)}, but the host goes from
   * Running to Cleaning (still dirty) with a cleanup that {@code scheduler} starts at once, for a
   * job that asked for {@code reboot_after}; the cleanup is not the entry's (Autotest: "if the
   * cleanup fails, the job doesn't care -- it's over").
   *
   * @return true if the entry was still in {@code from}
   */
  public boolean finishAndClean(
      HostQueueEntry entry, EntryStatus from, EntryStatus to, String reason, String scheduler) {
    return finish(entry, from, to, reason, scheduler);
  }

  private boolean finish(
      HostQueueEntry entry, EntryStatus from, EntryStatus to, String reason, String cleanupBy) {
    if (!to.isComplete()) {
      throw new IllegalArgumentException("finish() takes a final status, was " + to);
    }
    if (!from.canMoveTo(to)) {
      Transitions.refuse("entry " + entry.id(), from.displayName(), to.displayName());
      return false;
    }
    return jdbi.inTransaction(
        h -> {
          int updated =
              h.createUpdate(
                      """
                      UPDATE host_queue_entries
                         SET status = :to, active = FALSE, complete = TRUE,
                             reason = CASE WHEN :to = 'ABORTED' AND abort_reason IS NOT NULL
                                           THEN abort_reason ELSE :reason END,
                             finished_on = :now, scheduler = NULL, version = version + 1
                       WHERE id = :id AND status = :from""")
                  .bind("to", to.name())
                  .bind("reason", truncate(reason))
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
              SpecialTaskStore.insertActive(
                  h, entry.hostId(), SpecialTaskType.CLEANUP, null, cleanupBy, clock.instant());
            }
          }
          markJobFinishedIfDone(h, entry.jobId());
          return true;
        });
  }

  /**
   * Gives a claimed entry back: entry Starting to Queued and its host back to Ready, for a session
   * the drone would not take.
   *
   * @return true if the entry was still Starting
   */
  public boolean requeue(HostQueueEntry entry, String reason) {
    return jdbi.inTransaction(
        h -> {
          int updated =
              h.createUpdate(
                      """
                      UPDATE host_queue_entries
                         SET status = :queued, active = FALSE, drone = NULL, scheduler = NULL,
                             reason = :reason, version = version + 1
                       WHERE id = :id AND status = :starting""")
                  .bind("queued", EntryStatus.QUEUED.name())
                  .bind("starting", EntryStatus.STARTING.name())
                  .bind("reason", truncate(reason))
                  .bind("id", entry.id())
                  .execute();
          if (updated == 0) {
            return false;
          }
          Hosts.transition(h, entry.hostId(), HostStatus.RUNNING, HostStatus.READY, null);
          return true;
        });
  }

  /**
   * Running entries of this scheduler whose session has run longer than its job's max runtime
   * allows, not yet asked to abort; each with that limit in minutes.
   */
  public List<Map.Entry<HostQueueEntry, Long>> overdue(String scheduler) {
    java.time.Instant now = clock.instant();
    return jdbi.withHandle(
        h ->
            h.createQuery(
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
                            && e.getKey()
                                .startedOn()
                                .plus(java.time.Duration.ofMinutes(e.getValue()))
                                .isBefore(now))
                .list());
  }

  /** Asks for one entry to be aborted, with the reason it will end with. */
  public boolean requestAbort(HostQueueEntry entry, String reason) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                        """
                        UPDATE host_queue_entries
                           SET aborted = TRUE, abort_reason = :reason, version = version + 1
                         WHERE id = :id AND complete = FALSE AND aborted = FALSE""")
                    .bind("reason", reason)
                    .bind("id", entry.id())
                    .execute()
                == 1);
  }

  /**
   * Records why queued entries are still waiting, for {@code hangar job stat}: one batch of
   * updates, whatever the number of entries.
   *
   * @param reasons entry id to its reason
   */
  public void explainWaits(Map<Long, String> reasons) {
    if (reasons.isEmpty()) {
      return;
    }
    jdbi.useTransaction(
        h -> {
          var batch =
              h.prepareBatch(
                  "UPDATE host_queue_entries SET reason = :reason WHERE id = :id AND status = :q");
          reasons.forEach(
              (id, reason) ->
                  batch
                      .bind("reason", truncate(reason))
                      .bind("id", id)
                      .bind("q", EntryStatus.QUEUED.name())
                      .add());
          batch.execute();
        });
  }

  /**
   * How many entries are in each status that is not final: the queue and the work in progress, with
   * zero for a status no entry has. Final entries are left out, so the query reads the live rows
   * only, however long the history grows.
   *
   * @return a count for every status whose {@link EntryStatus#isComplete()} is false
   */
  public Map<EntryStatus, Long> countUnfinishedByStatus() {
    Map<EntryStatus, Long> counts = new EnumMap<>(EntryStatus.class);
    for (EntryStatus status : EntryStatus.values()) {
      if (!status.isComplete()) {
        counts.put(status, 0L);
      }
    }
    List<String> names = counts.keySet().stream().map(EntryStatus::name).toList();
    // By status, not by the complete flag: status is indexed, so this counts index entries.
    jdbi.useHandle(
        h ->
            h.createQuery(
                    """
                    SELECT status, COUNT(*) AS n FROM host_queue_entries
                     WHERE status IN (<statuses>) GROUP BY status""")
                .bindList("statuses", names)
                .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n")))
                .forEach(row -> counts.put(EntryStatus.valueOf(row.getKey()), row.getValue())));
    return counts;
  }

  /** The entry with that id, if it exists. */
  public java.util.Optional<HostQueueEntry> find(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(SELECT_ENTRIES + " WHERE e.id = :id")
                .bind("id", id)
                .map(HostQueueEntryStore::map)
                .findOne());
  }

  /** A host's most recent entries, newest first. */
  public List<HostQueueEntry> forHost(long hostId, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    SELECT_ENTRIES + " WHERE e.host_id = :host ORDER BY e.id DESC LIMIT :limit")
                .bind("host", hostId)
                .bind("limit", limit)
                .map(HostQueueEntryStore::map)
                .list());
  }

  static List<HostQueueEntry> forJobs(Handle h, Collection<Long> jobIds) {
    return h.createQuery(SELECT_ENTRIES + " WHERE e.job_id IN (<ids>) ORDER BY e.id")
        .bindList("ids", List.copyOf(jobIds))
        .map(HostQueueEntryStore::map)
        .list();
  }

  private static void markJobsFinishedIfDone(Handle h, List<Long> jobIds, java.time.Instant now) {
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

  private void markJobFinishedIfDone(Handle h, long jobId) {
    h.createUpdate(
            """
            UPDATE jobs SET finished_on = :now
             WHERE id = :job AND finished_on IS NULL AND NOT EXISTS
                   (SELECT 1 FROM host_queue_entries WHERE job_id = :job AND complete = FALSE)""")
        .bind("now", clock.instant())
        .bind("job", jobId)
        .execute();
  }

  private static String truncate(String reason) {
    if (reason == null) {
      return null;
    }
    return reason.length() <= 4000 ? reason : reason.substring(0, 3997) + "...";
  }

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
