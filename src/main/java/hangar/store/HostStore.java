package hangar.store;

import hangar.lab.Host;
import hangar.lab.HostPool;
import hangar.lab.HostRequest;
import hangar.lab.HostSettings;
import hangar.lab.HostStatus;
import hangar.lab.Names;
import hangar.lab.Protection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Hosts under test: registration, locks, protection, and the scheduler's status changes. */
public final class HostStore {
  private static final String ON_HOST = "host_id = :id";

  private final Jdbi jdbi;
  private final Clock clock;

  public HostStore(Database database, Clock clock) {
    this.jdbi = database.jdbi();
    this.clock = clock;
  }

  /**
   * Registers a host, Ready, in the {@code Everyone} ACL group, with the given labels.
   *
   * @throws ConflictException if a host of that name exists
   * @throws NotFoundException if a label does not exist
   */
  public Host create(String hostname, List<String> labels, Protection protection) {
    return create(HostRequest.of(hostname, labels, protection), null);
  }

  /**
   * Registers a host, Ready, in the {@code Everyone} ACL group, with its labels and settings, all
   * in one transaction: a request that fails anywhere registers nothing.
   *
   * @param by who locks it, when its settings lock it
   * @throws ConflictException if a host of that name exists
   * @throws NotFoundException if a label does not exist
   * @throws IllegalArgumentException if a merged setting is not valid
   */
  public Host create(HostRequest request, String by) {
    String hostname = request.hostname();
    Protection protection =
        Objects.requireNonNullElse(request.settings().protection(), Protection.NO_PROTECTION);
    return jdbi.inTransaction(
        h -> {
          LabGeneration.bump(h);
          if (findId(h, hostname).isPresent()) {
            throw new ConflictException(
                "host '"
                    + hostname
                    + "' already exists; see it with 'hangar host stat "
                    + hostname
                    + "'");
          }
          Optional<Long> deleted = deletedId(h, hostname);
          long id;
          if (deleted.isPresent()) {
            id = revive(h, deleted.get(), protection);
          } else {
            id = insert(h, hostname, protection);
          }
          h.createUpdate(
                  """
                  INSERT INTO acl_group_hosts (acl_group_id, host_id)
                  SELECT id, :host FROM acl_groups WHERE name = 'Everyone'""")
              .bind("host", id)
              .execute();
          for (String label : request.labels()) {
            Labels.attach(h, label, id);
          }
          HostUpdates.apply(h, id, request.settings(), by, clock.instant());
          return HostRows.load(h, List.of(id)).get(0);
        });
  }

  private long insert(Handle h, String hostname, Protection protection) {
    try {
      return h.createUpdate(
              """
                        INSERT INTO hosts (hostname, status, protection, created_on)
                        VALUES (:hostname, :status, :protection, :now)""")
          .bind("hostname", hostname)
          .bind("status", HostStatus.READY.name())
          .bind("protection", protection.name())
          .bind("now", clock.instant())
          .executeAndReturnGeneratedKeys("id")
          .mapTo(Long.class)
          .one();
    } catch (UnableToExecuteStatementException e) {
      // A concurrent create won, or (MariaDB) a name differing only in case exists.
      throw new ConflictException(
          "host '"
              + hostname
              + "' already exists, or one whose name differs only in case; list hosts with"
              + " 'hangar host list'",
          e);
    }
  }

  /**
   * A deleted host registered again gets its old row back, as Autotest's resurrected objects do;
   * its status stays, since a session of its old life may still be ending.
   */
  private static long revive(Handle h, long id, Protection protection) {
    h.createUpdate(
            """
            UPDATE hosts SET invalid = FALSE, locked = FALSE, locked_by = NULL, locked_on = NULL,
                   lock_reason = NULL, protection = :protection, version = version + 1
             WHERE id = :id""")
        .bind("protection", protection.name())
        .bind("id", id)
        .execute();
    return id;
  }

  /** The host of that name, if registered. */
  public Optional<Host> find(String hostname) {
    return jdbi.withHandle(
        h -> findId(h, hostname).map(id -> HostRows.load(h, List.of(id)).get(0)));
  }

  /**
   * The host of that name.
   *
   * @throws NotFoundException naming the host and how to list hosts
   */
  public Host get(String hostname) {
    return find(hostname).orElseThrow(() -> Hosts.notFound(hostname));
  }

  /** The host with that id. */
  public Host get(long id) {
    return jdbi.withHandle(h -> HostRows.load(h, List.of(id))).stream()
        .findFirst()
        .orElseThrow(() -> new NotFoundException("host id " + id + " not found"));
  }

  /** Every host, sorted by name; deleted hosts are left out. */
  public List<Host> list() {
    return jdbi.withHandle(h -> HostRows.load(h, null));
  }

  /**
   * One page of the hosts, sorted by name: the valid ones, or only the deleted ones.
   *
   * @param page how many, after which name
   */
  public Slice<Host> list(Page page, boolean deleted) {
    return jdbi.withHandle(
        h -> {
          var query =
              h.createQuery(
                      "SELECT id FROM hosts WHERE invalid = :invalid"
                          + (page.after() == null ? "" : " AND hostname > :after")
                          + " ORDER BY hostname LIMIT "
                          + (page.limit() + 1))
                  .bind("invalid", deleted);
          if (page.after() != null) {
            query.bind("after", page.after());
          }
          List<Host> read = HostRows.load(h, query.mapTo(Long.class).list());
          return Slice.of(read, page.limit(), Host::hostname);
        });
  }

  /** The deleted (invalid) hosts, sorted by name. */
  public List<Host> listDeleted() {
    return jdbi.withHandle(
        h ->
            HostRows.load(
                h,
                h.createQuery("SELECT id FROM hosts WHERE invalid = TRUE")
                    .mapTo(Long.class)
                    .list()));
  }

  /** Every valid host with its labels and ACL groups, for matching. */
  public HostPool pool() {
    return jdbi.withHandle(HostPools::load);
  }

  /**
   * The pool, read cheaply when possible: the hosts' rows are read every time, but their labels and
   * ACL groups are taken from {@code previous} unless any of those changed since (the lab
   * generation moved), a host appeared, or {@code previous} is older than {@link
   * #POOL_FULL_READ_EVERY}.
   *
   * @param previous the last snapshot this caller got, or null
   */
  public PoolSnapshot pool(PoolSnapshot previous) {
    Instant now = clock.instant();
    return jdbi.withHandle(
        h -> {
          long generation = LabGeneration.read(h);
          // Read before the rows: a change in between shows as a newer version next time.
          Map<Long, Long> versions = HostPools.versions(h);
          boolean fresh =
              previous != null
                  && previous.generation() == generation
                  && previous.fullReadOn().plus(POOL_FULL_READ_EVERY).isAfter(now);
          if (fresh) {
            HostPool refreshed =
                HostPools.refresh(h, previous.pool(), previous.versions(), versions);
            if (refreshed != null) {
              return new PoolSnapshot(refreshed, generation, previous.fullReadOn(), versions);
            }
          }
          return new PoolSnapshot(HostPools.load(h), generation, now, versions);
        });
  }

  /** How often {@link #pool(PoolSnapshot)} reads everything again, whatever the generation. */
  public static final java.time.Duration POOL_FULL_READ_EVERY = java.time.Duration.ofMinutes(1);

  /**
   * The pool as one read saw it.
   *
   * @param pool the valid hosts with labels and ACL groups
   * @param generation the lab generation its labels and ACL groups were read at
   * @param fullReadOn when its labels and ACL groups were read
   * @param versions each host's row version as read, by host id
   */
  public record PoolSnapshot(
      HostPool pool, long generation, Instant fullReadOn, Map<Long, Long> versions) {}

  /**
   * Changes a host's settings, all in one transaction: a change that fails anywhere changes
   * nothing.
   *
   * @param by who locks it, when the settings lock it
   * @throws NotFoundException if the host does not exist
   * @throws IllegalArgumentException if a merged setting is not valid
   */
  public Host modify(String hostname, HostSettings settings, String by) {
    return jdbi.inTransaction(
        h -> {
          long id = findId(h, hostname).orElseThrow(() -> Hosts.notFound(hostname));
          HostUpdates.apply(h, id, settings, by, clock.instant());
          return HostRows.load(h, List.of(id)).get(0);
        });
  }

  /**
   * Locks a host so no new job is given to it; running work finishes.
   *
   * @throws NotFoundException if the host does not exist
   */
  public Host lock(String hostname, String by, String reason) {
    return modify(hostname, HostSettings.lock(reason), by);
  }

  /**
   * Unlocks a host.
   *
   * @throws NotFoundException if the host does not exist
   */
  public Host unlock(String hostname) {
    return modify(hostname, HostSettings.unlock(), null);
  }

  /**
   * Sets how much a repair may do to the host.
   *
   * @throws NotFoundException if the host does not exist
   */
  public Host protect(String hostname, Protection protection) {
    return modify(hostname, HostSettings.protect(protection), null);
  }

  /**
   * Sets how the host is reached over SSH; null keeps a part as it is, an empty user or port 0 goes
   * back to the default (the scheduler's user, port 22).
   *
   * @throws NotFoundException if the host does not exist
   * @throws IllegalArgumentException for a port outside 0 to 65535 or a user with spaces or '@'
   */
  public Host setSsh(String hostname, String user, Integer port) {
    return modify(hostname, HostSettings.ssh(user, port), null);
  }

  /**
   * Sets the host's power and console commands; a null one is kept, an empty one removed.
   *
   * @throws NotFoundException if the host does not exist
   * @throws IllegalArgumentException for a command of several lines or over 1000 characters
   */
  public Host setCommands(
      String hostname, String powerOn, String powerOff, String powerReset, String console) {
    return modify(hostname, HostSettings.commands(powerOn, powerOff, powerReset, console), null);
  }

  /**
   * Deletes a host: it is marked invalid, loses its labels and ACL groups, and leaves every list
   * and lookup by name, while the entries that ran on it keep their history. A host that unfinished
   * jobs use is refused unless {@code force}: then its queued entries fail with "host deleted" and
   * its active ones are marked aborted, which the scheduler carries out.
   *
   * @throws ConflictException naming the unfinished jobs, when not forced
   * @throws NotFoundException if the host does not exist
   */
  public void delete(String hostname, boolean force) {
    jdbi.useTransaction(
        h -> {
          LabGeneration.bump(h);
          long id = findId(h, hostname).orElseThrow(() -> Hosts.notFound(hostname));
          List<Long> jobs = Entries.unfinishedJobs(h, ON_HOST, id);
          if (!jobs.isEmpty() && !force) {
            throw new ConflictException(
                "host '"
                    + hostname
                    + "' is used by unfinished jobs "
                    + jobs
                    + "; abort them first with 'hangar job abort', or delete it anyway with"
                    + " 'hangar host delete --force "
                    + hostname
                    + "', which fails their queued entries on it and aborts the running ones");
          }
          Entries.withdraw(h, ON_HOST, id, "host deleted", clock.instant());
          h.createUpdate("UPDATE hosts SET invalid = TRUE, version = version + 1 WHERE id = :id")
              .bind("id", id)
              .execute();
          h.createUpdate("DELETE FROM host_labels WHERE host_id = :id").bind("id", id).execute();
          h.createUpdate("DELETE FROM acl_group_hosts WHERE host_id = :id")
              .bind("id", id)
              .execute();
        });
  }

  /**
   * Moves a host from one status to another if it is still in the first; the scheduler's only way
   * to change a host's status, so that two writers never both win.
   *
   * @return true if this call made the change
   */
  public boolean transition(long hostId, HostStatus from, HostStatus to) {
    return jdbi.withHandle(h -> Hosts.transition(h, hostId, from, to, null));
  }

  /** The id of the valid host of that name; deleted hosts are not found. */
  static Optional<Long> findId(Handle h, String hostname) {
    if (!Names.isValid(Names.Kind.HOST, hostname)) {
      return Optional.empty(); // no host has a name the rule refuses; the database is not asked
    }
    return h.createQuery("SELECT id FROM hosts WHERE hostname = :hostname AND invalid = FALSE")
        .bind("hostname", hostname)
        .mapTo(Long.class)
        .findOne();
  }

  private static Optional<Long> deletedId(Handle h, String hostname) {
    return h.createQuery("SELECT id FROM hosts WHERE hostname = :hostname AND invalid = TRUE")
        .bind("hostname", hostname)
        .mapTo(Long.class)
        .findOne();
  }
}
