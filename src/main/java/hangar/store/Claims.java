package hangar.store;

import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The one way a queued entry gets a host: two guarded updates that both win or neither does. */
final class Claims {
  private static final String TAKE_HOST =
      """
      UPDATE hosts SET status = :to, version = version + 1
       WHERE id = :id AND status = :ready AND locked = FALSE""";

  private static final String TAKE_ENTRY =
      """
      UPDATE host_queue_entries
         SET status = :to, active = TRUE, host_id = :host,
             execution_subdir = :subdir, drone = :drone, scheduler = :scheduler,
             drone_machine = (SELECT s.hostname FROM schedulers s WHERE s.name = :scheduler),
             pending_since = :pendingSince, version = version + 1
       WHERE id = :id AND status = :queued AND version = :version
             AND aborted = FALSE""";

  private Claims() {}

  /**
   * One entry and the host it is to get. A starting entry's results subfolder is the host's name; a
   * pending one (of a synchronous job) waits, holding the host, for a group to start it.
   */
  record Pair(HostQueueEntry entry, long hostId, String hostname, boolean pending) {
    HostStatus hostTo() {
      return pending ? HostStatus.PENDING : HostStatus.RUNNING;
    }

    EntryStatus entryTo() {
      return pending ? EntryStatus.PENDING : EntryStatus.STARTING;
    }

    /** The entry as a won claim left it: active on the host, at the next version. */
    HostQueueEntry claimed(String drone) {
      return new HostQueueEntry(
          entry.id(),
          entry.jobId(),
          hostId,
          hostname,
          entry.metaHost(),
          entryTo(),
          true,
          false,
          entry.aborted(),
          pending ? null : hostname,
          pending ? null : drone,
          entry.reason(),
          entry.startedOn(),
          entry.finishedOn(),
          entry.version() + 1,
          entry.atomicGroup());
    }
  }

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
        h.createUpdate(TAKE_HOST)
            .bind("to", hostTo.name())
            .bind("ready", HostStatus.READY.name())
            .bind("id", hostId)
            .execute();
    if (host == 0) {
      return false;
    }
    int updated =
        h.createUpdate(TAKE_ENTRY)
            .bind("to", entryTo.name())
            .bind("host", hostId)
            .bind("subdir", executionSubdir)
            .bind("pendingSince", (java.time.Instant) null)
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

  /**
   * Gives each entry its host, hosts Ready to Running and entries Queued to Starting (or both to
   * Pending, for {@link Pair#pending}), in the caller's transaction and a handful of statements
   * however many pairs there are. A pair whose host or entry another scheduler changed since it was
   * read is left out, and neither of its rows changes.
   *
   * <p>With {@code skipLocked} (PostgreSQL, MariaDB) the rows are first locked with {@code SELECT
   * ... FOR UPDATE SKIP LOCKED}, so that a row another transaction holds is passed over instead of
   * waited for. Without it (H2) every update is guarded by the status and version read before, and
   * the hosts of entries that lost are given back in the same transaction. Either way hosts are
   * touched in id order, so two schedulers claiming at once cannot deadlock on them.
   *
   * @return the pairs that won, in the order given
   */
  static List<Pair> pairs(
      Handle h,
      List<Pair> pairs,
      String drone,
      String scheduler,
      boolean skipLocked,
      java.time.Instant now) {
    if (pairs.isEmpty()) {
      return List.of();
    }
    Set<Long> hostIds = new HashSet<>();
    Set<Long> entryIds = new HashSet<>();
    for (Pair p : pairs) {
      if (!hostIds.add(p.hostId()) || !entryIds.add(p.entry().id())) {
        throw new IllegalArgumentException(
            "entry "
                + p.entry().id()
                + " or host "
                + p.hostname()
                + " appears in two pairs of one claim; a bug");
      }
    }
    List<Pair> candidates = skipLocked ? lockFree(h, pairs) : pairs;
    List<Pair> byHost = new ArrayList<>(candidates);
    byHost.sort(Comparator.comparingLong(Pair::hostId));
    int[] hostCounts = takeHosts(h, byHost);
    List<Pair> withHost = new ArrayList<>();
    for (int i = 0; i < byHost.size(); i++) {
      if (won(hostCounts[i], skipLocked, byHost.get(i))) {
        withHost.add(byHost.get(i));
      }
    }
    int[] entryCounts = takeEntries(h, withHost, drone, scheduler, now);
    Set<Long> won = new HashSet<>();
    List<Pair> lost = new ArrayList<>();
    for (int i = 0; i < withHost.size(); i++) {
      if (won(entryCounts[i], skipLocked, withHost.get(i))) {
        won.add(withHost.get(i).entry().id());
      } else {
        lost.add(withHost.get(i));
      }
    }
    giveBack(h, lost);
    return pairs.stream().filter(p -> won.contains(p.entry().id())).toList();
  }

  /**
   * The pairs whose host is Ready and entry unchanged, both now locked by this transaction. Only
   * the entries of pairs whose host was locked are locked in turn, so that a claimer who got no
   * hosts does not hold entries that another one could start.
   */
  private static List<Pair> lockFree(Handle h, List<Pair> all) {
    Set<Long> hosts = new HashSet<>();
    for (List<Long> chunk : Rows.chunks(all.stream().map(Pair::hostId).sorted().toList())) {
      hosts.addAll(
          h.createQuery(
                  """
                  SELECT id FROM hosts
                   WHERE id IN (<ids>) AND status = :ready AND locked = FALSE
                   ORDER BY id FOR UPDATE SKIP LOCKED""")
              .bindList("ids", chunk)
              .bind("ready", HostStatus.READY.name())
              .mapTo(Long.class)
              .list());
    }
    List<Pair> pairs = all.stream().filter(p -> hosts.contains(p.hostId())).toList();
    if (pairs.isEmpty()) {
      return pairs;
    }
    Map<Long, Long> versions = new HashMap<>();
    for (List<Long> chunk :
        Rows.chunks(pairs.stream().map(p -> p.entry().id()).sorted().toList())) {
      h.createQuery(
              """
              SELECT id, version FROM host_queue_entries
               WHERE id IN (<ids>) AND status = :queued AND aborted = FALSE
               ORDER BY id FOR UPDATE SKIP LOCKED""")
          .bindList("ids", chunk)
          .bind("queued", EntryStatus.QUEUED.name())
          .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
          .forEach(e -> versions.put(e.getKey(), e.getValue()));
    }
    return pairs.stream()
        .filter(p -> Long.valueOf(p.entry().version()).equals(versions.get(p.entry().id())))
        .toList();
  }

  private static int[] takeHosts(Handle h, List<Pair> byHost) {
    PreparedBatch batch = h.prepareBatch(TAKE_HOST);
    for (Pair p : byHost) {
      batch
          .bind("to", p.hostTo().name())
          .bind("ready", HostStatus.READY.name())
          .bind("id", p.hostId())
          .add();
    }
    return byHost.isEmpty() ? new int[0] : batch.execute();
  }

  private static int[] takeEntries(
      Handle h, List<Pair> pairs, String drone, String scheduler, java.time.Instant now) {
    PreparedBatch batch = h.prepareBatch(TAKE_ENTRY);
    for (Pair p : pairs) {
      batch
          .bind("to", p.entryTo().name())
          .bind("host", p.hostId())
          .bind("subdir", p.pending() ? null : p.hostname())
          .bind("pendingSince", p.pending() ? now : null)
          .bind("drone", p.pending() ? null : drone)
          .bind("scheduler", scheduler)
          .bind("id", p.entry().id())
          .bind("queued", EntryStatus.QUEUED.name())
          .bind("version", p.entry().version())
          .add();
    }
    return pairs.isEmpty() ? new int[0] : batch.execute();
  }

  /** Hosts taken for entries that were lost go back to Ready; this transaction holds them. */
  private static void giveBack(Handle h, List<Pair> lost) {
    if (lost.isEmpty()) {
      return;
    }
    PreparedBatch batch =
        h.prepareBatch(
            "UPDATE hosts SET status = :ready, version = version + 1"
                + " WHERE id = :id AND status = :taken");
    for (Pair p : lost) {
      batch
          .bind("ready", HostStatus.READY.name())
          .bind("taken", p.hostTo().name())
          .bind("id", p.hostId())
          .add();
    }
    batch.execute();
  }

  /**
   * Whether one guarded update of a batch changed its row. A driver may answer a batch without
   * per-row counts ({@link Statement#SUCCESS_NO_INFO}); that is only trusted for rows this
   * transaction locked first.
   */
  private static boolean won(int count, boolean locked, Pair pair) {
    return switch (count) {
      case 1 -> true;
      case 0 -> {
        if (locked) {
          throw new IllegalStateException(
              "entry "
                  + pair.entry().id()
                  + " or host "
                  + pair.hostname()
                  + " changed while this transaction held its lock; a bug");
        }
        yield false;
      }
      case Statement.SUCCESS_NO_INFO -> {
        if (!locked) {
          throw new IllegalStateException(
              "the database driver gave no row count for a guarded claim; a bug in the dialect");
        }
        yield true;
      }
      default ->
          throw new IllegalStateException(
              "claim of entry " + pair.entry().id() + " hit " + count + " rows; the key is broken");
    };
  }
}
