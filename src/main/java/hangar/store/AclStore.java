package hangar.store;

import hangar.lab.AclGroup;
import hangar.lab.Names;
import hangar.lab.Texts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * ACL groups: which users may run jobs on which hosts. A job's owner must share a group with a host
 * for the scheduler to give it that host; {@code Everyone} holds every user and every new host.
 */
public final class AclStore {
  /** The group every user and every new host is put in. */
  public static final String EVERYONE = AclGroup.EVERYONE;

  private static final int MAX_DESCRIPTION = 1000;

  private final Jdbi jdbi;
  private final Clock clock;

  public AclStore(Database database, Clock clock) {
    this.jdbi = database.jdbi();
    this.clock = clock;
  }

  /**
   * Creates an empty ACL group.
   *
   * @throws ConflictException if it exists
   */
  public void create(String name, String description) {
    create(name, description, null);
  }

  /**
   * Creates an ACL group with its creator as its first member, as Autotest's {@code add_acl_group}
   * does.
   *
   * @param creatorOrNull the login of the user creating it, or null for an empty group
   * @throws ConflictException if it exists
   * @throws IllegalArgumentException if the name or description breaks the rules
   */
  public AclGroup create(String name, String description, String creatorOrNull) {
    checkName(name);
    String text =
        description == null ? "" : Texts.line("description", description, MAX_DESCRIPTION);
    jdbi.useTransaction(
        h -> {
          if (findId(h, name) != null) {
            throw new ConflictException("ACL group '" + name + "' already exists");
          }
          long id =
              h.createUpdate("INSERT INTO acl_groups (name, description) VALUES (:n, :d)")
                  .bind("n", name)
                  .bind("d", text)
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
          if (creatorOrNull != null) {
            long userId =
                Users.findId(h, creatorOrNull).orElseThrow(() -> UserStore.notFound(creatorOrNull));
            insertMember(h, id, userId);
          }
        });
    return get(name);
  }

  /** Every ACL group with its users and hosts, by name. */
  public List<AclGroup> list() {
    return jdbi.withHandle(h -> read(h, null));
  }

  /**
   * The ACL group with this name.
   *
   * @throws NotFoundException if there is none
   */
  public AclGroup get(String name) {
    return jdbi.withHandle(h -> read(h, name)).stream()
        .findFirst()
        .orElseThrow(() -> notFound(name));
  }

  /**
   * Deletes an ACL group. Its hosts that no other group holds go back to {@code Everyone}.
   *
   * @throws NotFoundException if there is none
   * @throws ConflictException for {@code Everyone}
   */
  public void delete(String name) {
    if (AclGroup.EVERYONE.equals(name)) {
      throw new ConflictException("ACL group Everyone cannot be deleted");
    }
    jdbi.useTransaction(
        h -> {
          long id = idOf(h, name);
          List<Long> hosts =
              h.createQuery("SELECT host_id FROM acl_group_hosts WHERE acl_group_id = :g")
                  .bind("g", id)
                  .mapTo(Long.class)
                  .list();
          h.createUpdate("DELETE FROM acl_group_hosts WHERE acl_group_id = :g")
              .bind("g", id)
              .execute();
          h.createUpdate("DELETE FROM acl_group_users WHERE acl_group_id = :g")
              .bind("g", id)
              .execute();
          h.createUpdate("DELETE FROM acl_groups WHERE id = :g").bind("g", id).execute();
          for (long hostId : hosts) {
            returnToEveryoneIfAlone(h, hostId);
          }
          LabGeneration.bump(h);
        });
  }

  /**
   * Takes a user out of the group; not being in it is fine.
   *
   * @throws NotFoundException if the group or the user does not exist
   * @throws ConflictException for {@code Everyone}, which holds every user
   */
  public void removeUser(String group, String login) {
    if (AclGroup.EVERYONE.equals(group)) {
      throw new ConflictException(
          "every user is in ACL group Everyone; to take a user's access away, delete the user");
    }
    jdbi.useTransaction(
        h -> {
          LabGeneration.bump(h);
          long groupId = idOf(h, group);
          long userId = Users.findId(h, login).orElseThrow(() -> UserStore.notFound(login));
          unlink(h, "acl_group_users", "user_id", groupId, userId);
        });
  }

  /** True when the user is a member of the group. */
  public boolean isMember(String group, String login) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                        """
                        SELECT COUNT(*) FROM acl_group_users gu
                          JOIN acl_groups g ON g.id = gu.acl_group_id
                          JOIN users u ON u.id = gu.user_id
                         WHERE g.name = :g AND u.login = :l""")
                    .bind("g", group)
                    .bind("l", login)
                    .mapTo(Long.class)
                    .one()
                > 0);
  }

  /**
   * The ACL groups that hold both the user and the host, sorted.
   *
   * @param grantedOnly true to leave out {@code Everyone}: the groups an admin put the host in
   */
  public List<String> sharedGroups(String login, String hostname, boolean grantedOnly) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    """
                    SELECT g.name FROM acl_groups g
                      JOIN acl_group_hosts gh ON gh.acl_group_id = g.id
                      JOIN hosts x ON x.id = gh.host_id
                      JOIN acl_group_users gu ON gu.acl_group_id = g.id
                      JOIN users u ON u.id = gu.user_id
                     WHERE x.hostname = :host AND x.invalid = FALSE AND u.login = :login"""
                        + (grantedOnly ? " AND g.name <> 'Everyone'" : "")
                        + " ORDER BY g.name")
                .bind("host", hostname)
                .bind("login", login)
                .mapTo(String.class)
                .list());
  }

  /**
   * Puts a host in the group; already being in it is fine.
   *
   * @throws NotFoundException if the group or host does not exist
   */
  public void addHost(String group, String hostname) {
    jdbi.useTransaction(
        h -> {
          LabGeneration.bump(h);
          long groupId = idOf(h, group);
          long hostId = HostStore.findId(h, hostname).orElseThrow(() -> Hosts.notFound(hostname));
          unlink(h, "acl_group_hosts", "host_id", groupId, hostId);
          h.createUpdate("INSERT INTO acl_group_hosts (acl_group_id, host_id) VALUES (:g, :h)")
              .bind("g", groupId)
              .bind("h", hostId)
              .execute();
          if (!AclGroup.EVERYONE.equals(group)) {
            // Autotest's rule: a host some group holds is that group's, not everybody's.
            h.createUpdate(
                    """
                    DELETE FROM acl_group_hosts WHERE host_id = :h
                       AND acl_group_id IN (SELECT id FROM acl_groups WHERE name = 'Everyone')""")
                .bind("h", hostId)
                .execute();
          }
        });
  }

  /**
   * Takes a host out of the group; not being in it is fine. A host no group holds any more goes
   * back to {@code Everyone}.
   *
   * @throws NotFoundException if the group or host does not exist
   */
  public void removeHost(String group, String hostname) {
    jdbi.useTransaction(
        h -> {
          LabGeneration.bump(h);
          long groupId = idOf(h, group);
          long hostId = HostStore.findId(h, hostname).orElseThrow(() -> Hosts.notFound(hostname));
          unlink(h, "acl_group_hosts", "host_id", groupId, hostId);
          if (!AclGroup.EVERYONE.equals(group)) {
            returnToEveryoneIfAlone(h, hostId);
          }
        });
  }

  private static void returnToEveryoneIfAlone(Handle h, long hostId) {
    long groups =
        h.createQuery("SELECT COUNT(*) FROM acl_group_hosts WHERE host_id = :h")
            .bind("h", hostId)
            .mapTo(Long.class)
            .one();
    if (groups == 0) {
      h.createUpdate(
              """
              INSERT INTO acl_group_hosts (acl_group_id, host_id)
              SELECT id, :h FROM acl_groups WHERE name = 'Everyone'""")
          .bind("h", hostId)
          .execute();
    }
  }

  /**
   * Puts a user in the group, creating the user (in {@code Everyone}) when first seen.
   *
   * @throws NotFoundException if the group does not exist
   */
  public void addUser(String group, String login) {
    Users.ensure(jdbi, login, clock.instant());
    jdbi.useTransaction(
        h -> {
          LabGeneration.bump(h);
          long groupId = idOf(h, group);
          long userId =
              h.createQuery("SELECT id FROM users WHERE login = :l")
                  .bind("l", login)
                  .mapTo(Long.class)
                  .one();
          unlink(h, "acl_group_users", "user_id", groupId, userId);
          insertMember(h, groupId, userId);
        });
  }

  /** Deletes one row of a membership table; the table and column are constants of this class. */
  private static void unlink(Handle h, String table, String column, long groupId, long id) {
    h.createUpdate("DELETE FROM " + table + " WHERE acl_group_id = :g AND " + column + " = :id")
        .bind("g", groupId)
        .bind("id", id)
        .execute();
  }

  private static void insertMember(Handle h, long groupId, long userId) {
    h.createUpdate("INSERT INTO acl_group_users (acl_group_id, user_id) VALUES (:g, :u)")
        .bind("g", groupId)
        .bind("u", userId)
        .execute();
  }

  /** The names of the groups holding the host, sorted. */
  public List<String> groupsOfHost(String hostname) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    """
                    SELECT g.name FROM acl_groups g
                      JOIN acl_group_hosts gh ON gh.acl_group_id = g.id
                      JOIN hosts x ON x.id = gh.host_id
                     WHERE x.hostname = :host AND x.invalid = FALSE ORDER BY g.name""")
                .bind("host", hostname)
                .mapTo(String.class)
                .list());
  }

  private static Long findId(Handle h, String name) {
    return h.createQuery("SELECT id FROM acl_groups WHERE name = :n")
        .bind("n", name)
        .mapTo(Long.class)
        .findOne()
        .orElse(null);
  }

  private static long idOf(Handle h, String name) {
    Long id = findId(h, name);
    if (id == null) {
      throw notFound(name);
    }
    return id;
  }

  private static NotFoundException notFound(String name) {
    return new NotFoundException(
        "ACL group '" + name + "' not found; 'hangar acl list' shows the groups");
  }

  private static void checkName(String name) {
    Names.aclGroup(name);
  }

  private static List<AclGroup> read(Handle h, String nameOrNull) {
    String where = nameOrNull == null ? "" : " WHERE g.name = :name";
    Map<String, List<String>> users = new HashMap<>();
    var userQuery =
        h.createQuery(
            """
            SELECT g.name, u.login FROM acl_groups g
              JOIN acl_group_users gu ON gu.acl_group_id = g.id
              JOIN users u ON u.id = gu.user_id"""
                + where
                + " ORDER BY u.login");
    Map<String, List<String>> hosts = new HashMap<>();
    var hostQuery =
        h.createQuery(
            """
            SELECT g.name, x.hostname FROM acl_groups g
              JOIN acl_group_hosts gh ON gh.acl_group_id = g.id
              JOIN hosts x ON x.id = gh.host_id
             WHERE x.invalid = FALSE"""
                + (nameOrNull == null ? "" : " AND g.name = :name")
                + " ORDER BY x.hostname");
    var groupQuery =
        h.createQuery(
            "SELECT g.name, g.description FROM acl_groups g" + where + " ORDER BY g.name");
    if (nameOrNull != null) {
      userQuery.bind("name", nameOrNull);
      hostQuery.bind("name", nameOrNull);
      groupQuery.bind("name", nameOrNull);
    }
    userQuery
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
        .forEach(e -> users.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    hostQuery
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
        .forEach(e -> hosts.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    return groupQuery
        .map(
            (rs, ctx) ->
                new AclGroup(
                    rs.getString(1),
                    rs.getString(2),
                    users.getOrDefault(rs.getString(1), List.of()),
                    hosts.getOrDefault(rs.getString(1), List.of())))
        .list();
  }
}
