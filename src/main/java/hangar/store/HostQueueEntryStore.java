package hangar.store;

import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * Host queue entries as the scheduler moves them: every change is one guarded {@code UPDATE} that
 * names the status it expects, so a change that lost a race changes nothing and says so.
 */
public final class HostQueueEntryStore {
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
   * queue index, however long the queue.
   */
  public List<HostQueueEntry> queued(int limit) {
    return jdbi.withHandle(h -> EntryRows.queued(h, limit));
  }

  /** The active entries the named scheduler follows. */
  public List<HostQueueEntry> activeFor(String scheduler) {
    return jdbi.withHandle(h -> EntryRows.activeFor(h, scheduler));
  }

  /** How many entries hold a host or a drone slot over the whole lab. */
  public long countActive() {
    return jdbi.withHandle(EntryRows::countActive);
  }

  /** Entries holding a host or a drone slot, whichever scheduler follows them. */
  public List<HostQueueEntry> active() {
    return jdbi.withHandle(EntryRows::active);
  }

  /** Queued entries someone asked to abort. */
  public List<HostQueueEntry> queuedAborted() {
    return jdbi.withHandle(EntryRows::queuedAborted);
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
    return won.stream().map(p -> p.claimed(drone)).toList();
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
    return jdbi.inTransaction(h -> EntryMoves.transitionAll(h, ids, from, to, clock));
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
    Instant now = clock.instant();
    return jdbi.inTransaction(h -> EntryFinishes.finishAll(h, allowed, cleanupBy, now));
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
    return jdbi.withHandle(h -> EntryMoves.transition(h, entry.id(), from, to, clock));
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
        h -> EntryFinishes.finish(h, entry, from, to, reason, cleanupBy, clock));
  }

  /**
   * Gives a claimed entry back: entry Starting to Queued and its host back to Ready, for a session
   * the drone would not take.
   *
   * @return true if the entry was still Starting
   */
  public boolean requeue(HostQueueEntry entry, String reason) {
    return jdbi.inTransaction(h -> EntryMoves.requeue(h, entry, reason));
  }

  /**
   * Running entries of this scheduler whose session has run longer than its job's max runtime
   * allows, not yet asked to abort; each with that limit in minutes.
   */
  public List<Map.Entry<HostQueueEntry, Long>> overdue(String scheduler) {
    Instant now = clock.instant();
    return jdbi.withHandle(h -> EntryRows.overdue(h, scheduler, now));
  }

  /**
   * Active entries of this scheduler whose drone {@code drone} is that of another machine than
   * {@code machine}: every machine has a drone called {@code localhost}, and an entry adopted from
   * a scheduler elsewhere ran on that machine's. Each comes with the machine it ran on.
   */
  public List<Map.Entry<HostQueueEntry, String>> elsewhere(
      String scheduler, String drone, String machine) {
    return jdbi.withHandle(h -> EntryRows.elsewhere(h, scheduler, drone, machine));
  }

  /**
   * Of these entries, those still Starting and followed by {@code scheduler}, as the database holds
   * them now: a scheduler checks its claim again right before it sends their sessions.
   *
   * @return their ids
   */
  public Set<Long> stillStarting(Collection<HostQueueEntry> starting, String scheduler) {
    List<Long> ids = starting.stream().map(HostQueueEntry::id).distinct().toList();
    Set<Long> still = new java.util.HashSet<>();
    // Bounded lists of bound values: PostgreSQL takes at most 32,767 in one statement.
    for (int from = 0; from < ids.size(); from += 1000) {
      List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
      still.addAll(jdbi.withHandle(h -> EntryRows.startingFor(h, chunk, scheduler)));
    }
    return still;
  }

  /** Asks for one entry to be aborted, with the reason it will end with. */
  public boolean requestAbort(HostQueueEntry entry, String reason) {
    return jdbi.withHandle(h -> EntryMoves.requestAbort(h, entry.id(), reason));
  }

  /**
   * Records why queued entries are still waiting, for {@code hangar job stat}: one update per
   * distinct reason (a few hundred entries at a time), in one transaction.
   *
   * @param reasons entry id to its reason
   */
  public void explainWaits(Map<Long, String> reasons) {
    if (reasons.isEmpty()) {
      return;
    }
    jdbi.useTransaction(h -> EntryMoves.explainWaits(h, reasons));
  }

  /**
   * How many entries are in each status that is not final: the queue and the work in progress, with
   * zero for a status no entry has. Final entries are left out, so the query reads the live rows
   * only, however long the history grows.
   *
   * @return a count for every status whose {@link EntryStatus#isComplete()} is false
   */
  public Map<EntryStatus, Long> countUnfinishedByStatus() {
    return jdbi.withHandle(EntryRows::countUnfinishedByStatus);
  }

  /** The entry with that id, if it exists. */
  public Optional<HostQueueEntry> find(long id) {
    return jdbi.withHandle(h -> EntryRows.find(h, id));
  }

  /** A host's most recent entries, newest first. */
  public List<HostQueueEntry> forHost(long hostId, int limit) {
    return jdbi.withHandle(h -> EntryRows.forHost(h, hostId, limit));
  }
}
