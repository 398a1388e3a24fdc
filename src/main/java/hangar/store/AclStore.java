package hangar.store;

import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * ACL groups: which users may run jobs on which hosts. A job's owner must share a group with a host
 * for the scheduler to give it that host; {@code Everyone} holds every user and every new host.
 */
public final class AclStore {
  /** The group every user and every new host is put in. */
  public static final String EVERYONE = "Everyone";

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
    jdbi.useTransaction(
        h -> {
          if (findId(h, name) != null) {
            throw new ConflictException("ACL group '" + name + "' already exists");
          }
          h.createUpdate("INSERT INTO acl_groups (name, description) VALUES (:n, :d)")
              .bind("n", name)
              .bind("d", description == null ? "" : description)
              .execute();
        });
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
          h.createUpdate("DELETE FROM acl_group_hosts WHERE acl_group_id = :g AND host_id = :h")
              .bind("g", groupId)
              .bind("h", hostId)
              .execute();
          h.createUpdate("INSERT INTO acl_group_hosts (acl_group_id, host_id) VALUES (:g, :h)")
              .bind("g", groupId)
              .bind("h", hostId)
              .execute();
        });
  }

  /**
   * Takes a host out of the group; not being in it is fine.
   *
   * @throws NotFoundException if the group or host does not exist
   */
  public void removeHost(String group, String hostname) {
    jdbi.useTransaction(
        h -> {
          LabGeneration.bump(h);
          long groupId = idOf(h, group);
          long hostId = HostStore.findId(h, hostname).orElseThrow(() -> Hosts.notFound(hostname));
          h.createUpdate("DELETE FROM acl_group_hosts WHERE acl_group_id = :g AND host_id = :h")
              .bind("g", groupId)
              .bind("h", hostId)
              .execute();
        });
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
          h.createUpdate("DELETE FROM acl_group_users WHERE acl_group_id = :g AND user_id = :u")
              .bind("g", groupId)
              .bind("u", userId)
              .execute();
          h.createUpdate("INSERT INTO acl_group_users (acl_group_id, user_id) VALUES (:g, :u)")
              .bind("g", groupId)
              .bind("u", userId)
              .execute();
        });
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
      throw new NotFoundException("ACL group '" + name + "' not found");
    }
    return id;
  }
}
