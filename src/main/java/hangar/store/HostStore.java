package hangar.store;

import hangar.lab.Host;
import hangar.lab.HostCommands;
import hangar.lab.HostPool;
import hangar.lab.HostStatus;
import hangar.lab.Protection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Hosts under test: registration, locks, protection, and the scheduler's status changes. */
public final class HostStore {
  private static final String ON_HOST = "host_id = :id";
  private static final String SELECT_HOSTS =
      """
      SELECT h.id, h.hostname, h.status, h.locked, h.locked_by, h.locked_on, h.lock_reason,
             h.protection, h.dirty, h.ssh_user, h.ssh_port, h.power_on_command,
             h.power_off_command, h.power_reset_command, h.console_command
        FROM hosts h
      """;

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
    Hosts.checkHostname(hostname);
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
          for (String label : labels) {
            Labels.attach(h, label, id);
          }
          return load(h, List.of(id)).get(0);
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
      throw new ConflictException("host '" + hostname + "' already exists (" + e + ")");
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
    return jdbi.withHandle(h -> findId(h, hostname).map(id -> load(h, List.of(id)).get(0)));
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
    return jdbi.withHandle(h -> load(h, List.of(id))).stream()
        .findFirst()
        .orElseThrow(() -> new NotFoundException("host id " + id + " not found"));
  }

  /** Every host, sorted by name; deleted hosts are left out. */
  public List<Host> list() {
    return jdbi.withHandle(h -> load(h, null));
  }

  /** The deleted (invalid) hosts, sorted by name. */
  public List<Host> listDeleted() {
    return jdbi.withHandle(
        h ->
            load(
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
   * Locks a host so no new job is given to it; running work finishes.
   *
   * @throws NotFoundException if the host does not exist
   */
  public Host lock(String hostname, String by, String reason) {
    Instant now = clock.instant();
    int updated =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        """
                        UPDATE hosts SET locked = TRUE, locked_by = :by, locked_on = :now,
                               lock_reason = :reason, version = version + 1
                         WHERE hostname = :hostname""")
                    .bind("by", by)
                    .bind("now", now)
                    .bind("reason", reason)
                    .bind("hostname", hostname)
                    .execute());
    if (updated == 0) {
      throw Hosts.notFound(hostname);
    }
    return get(hostname);
  }

  /**
   * Unlocks a host.
   *
   * @throws NotFoundException if the host does not exist
   */
  public Host unlock(String hostname) {
    int updated =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        """
                        UPDATE hosts SET locked = FALSE, locked_by = NULL, locked_on = NULL,
                               lock_reason = NULL, version = version + 1
                         WHERE hostname = :hostname""")
                    .bind("hostname", hostname)
                    .execute());
    if (updated == 0) {
      throw Hosts.notFound(hostname);
    }
    return get(hostname);
  }

  /**
   * Sets how much a repair may do to the host.
   *
   * @throws NotFoundException if the host does not exist
   */
  public Host protect(String hostname, Protection protection) {
    int updated =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE hosts SET protection = :p, version = version + 1"
                            + " WHERE hostname = :hostname")
                    .bind("p", protection.name())
                    .bind("hostname", hostname)
                    .execute());
    if (updated == 0) {
      throw Hosts.notFound(hostname);
    }
    return get(hostname);
  }

  /**
   * Sets how the host is reached over SSH; null keeps a part as it is, an empty user or port 0 goes
   * back to the default (the scheduler's user, port 22).
   *
   * @throws NotFoundException if the host does not exist
   * @throws IllegalArgumentException for a port outside 0 to 65535 or a user with spaces or '@'
   */
  public Host setSsh(String hostname, String user, Integer port) {
    if (port != null && (port < 0 || port > 65535)) {
      throw new IllegalArgumentException("SSH port must be 1 to 65535 (0 for 22), was " + port);
    }
    if (user != null && !user.isEmpty() && !user.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException(
          "SSH user '" + user + "' is not valid: use letters, digits, '.', '_' and '-'");
    }
    Host host = get(hostname);
    String newUser = user == null ? host.sshUser() : user.isEmpty() ? null : user;
    Integer newPort = port == null ? host.sshPort() : port == 0 ? null : port;
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE hosts SET ssh_user = :user, ssh_port = :port, version = version + 1"
                        + " WHERE id = :id")
                .bind("user", newUser)
                .bind("port", newPort)
                .bind("id", host.id())
                .execute());
    return get(hostname);
  }

  /**
   * Sets the host's power and console commands; a null one is kept, an empty one removed.
   *
   * @throws NotFoundException if the host does not exist
   * @throws IllegalArgumentException for a command of several lines or over 1000 characters
   */
  public Host setCommands(
      String hostname, String powerOn, String powerOff, String powerReset, String console) {
    Host host = get(hostname);
    HostCommands changed = host.commands().with(powerOn, powerOff, powerReset, console);
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    """
                    UPDATE hosts
                       SET power_on_command = :on, power_off_command = :off,
                           power_reset_command = :reset, console_command = :console,
                           version = version + 1
                     WHERE id = :id""")
                .bind("on", emptyToNull(changed.powerOn()))
                .bind("off", emptyToNull(changed.powerOff()))
                .bind("reset", emptyToNull(changed.powerReset()))
                .bind("console", emptyToNull(changed.console()))
                .bind("id", host.id())
                .execute());
    return get(hostname);
  }

  private static String emptyToNull(String text) {
    return text.isEmpty() ? null : text;
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

  /** These hosts' rows, without their labels. */
  static List<Host> rows(Handle h, Collection<Long> ids) {
    List<Host> rows = new ArrayList<>(ids.size());
    for (List<Long> chunk : Rows.chunks(List.copyOf(ids))) {
      h.createQuery(SELECT_HOSTS + " WHERE h.id IN (<ids>)")
          .bindList("ids", chunk)
          .map(HostStore::mapRow)
          .forEach(rows::add);
    }
    return rows;
  }

  private static Host mapRow(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    return new Host(
        rs.getLong("id"),
        rs.getString("hostname"),
        HostStatus.valueOf(rs.getString("status")),
        rs.getBoolean("locked"),
        rs.getString("locked_by"),
        Rows.instant(rs, "locked_on", ctx),
        rs.getString("lock_reason"),
        Protection.valueOf(rs.getString("protection")),
        rs.getBoolean("dirty"),
        List.of(),
        rs.getString("ssh_user"),
        (Integer) rs.getObject("ssh_port", Integer.class),
        new HostCommands(
            rs.getString("power_on_command"),
            rs.getString("power_off_command"),
            rs.getString("power_reset_command"),
            rs.getString("console_command")));
  }

  /** Loads hosts with their labels; every valid one when {@code ids} is null. */
  static List<Host> load(Handle h, Collection<Long> ids) {
    if (ids != null && ids.isEmpty()) {
      return List.of();
    }
    var query =
        ids == null
            ? h.createQuery(SELECT_HOSTS + " WHERE h.invalid = FALSE ORDER BY h.hostname")
            : h.createQuery(SELECT_HOSTS + " WHERE h.id IN (<ids>) ORDER BY h.hostname")
                .bindList("ids", List.copyOf(ids));
    Map<Long, Host> hosts = new LinkedHashMap<>();
    query.map(HostStore::mapRow).forEach(host -> hosts.put(host.id(), host));
    if (hosts.isEmpty()) {
      return List.of();
    }
    Map<Long, List<String>> labels = new LinkedHashMap<>();
    var labelQuery =
        ids == null
            ? h.createQuery(
                """
                SELECT hl.host_id, l.name FROM host_labels hl JOIN labels l ON l.id = hl.label_id
                  JOIN hosts h ON h.id = hl.host_id
                 WHERE h.invalid = FALSE ORDER BY l.name""")
            : h.createQuery(
                    """
                    SELECT hl.host_id, l.name FROM host_labels hl
                      JOIN labels l ON l.id = hl.label_id
                     WHERE hl.host_id IN (<ids>) ORDER BY l.name""")
                .bindList("ids", List.copyOf(hosts.keySet()));
    labelQuery
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
        .forEach(e -> labels.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    return hosts.values().stream()
        .map(host -> host.withLabels(labels.getOrDefault(host.id(), List.of())))
        .toList();
  }
}
