package hangar.store;

import hangar.lab.AclGroup;
import hangar.lab.User;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The lab's users (Autotest's {@code afe_users}): who they are, whether they are admins, their
 * password hash for the web and their failed logins. A new user is put in {@code Everyone}. The lab
 * always keeps one admin: the last one can be neither demoted nor deleted.
 */
public final class UserStore {
  private final Jdbi jdbi;
  private final Clock clock;

  public UserStore(Database database, Clock clock) {
    this.jdbi = database.jdbi();
    this.clock = clock;
  }

  /**
   * Creates a user in {@code Everyone}.
   *
   * @throws IllegalArgumentException when the login breaks the login rule
   * @throws ConflictException when the login is taken
   */
  public User create(String login, boolean admin) {
    User.checkLogin(login);
    jdbi.useTransaction(
        h -> {
          if (Users.findId(h, login).isPresent()) {
            throw new ConflictException("user '" + login + "' already exists");
          }
          Users.insert(h, login, admin ? User.ADMIN_LEVEL : User.USER_LEVEL, clock.instant());
        });
    return get(login);
  }

  /** Every user, by login. */
  public List<User> list() {
    return jdbi.withHandle(h -> read(h, null));
  }

  /**
   * The user with this login.
   *
   * @throws NotFoundException when there is none
   */
  public User get(String login) {
    return find(login).orElseThrow(() -> notFound(login));
  }

  /** The user with this login, or empty. */
  public Optional<User> find(String login) {
    return jdbi.withHandle(h -> read(h, login).stream().findFirst());
  }

  /**
   * Makes the user an admin or takes that away.
   *
   * @throws NotFoundException when there is no such user
   * @throws ConflictException when it would leave the lab without an admin
   */
  public User setAdmin(String login, boolean admin) {
    jdbi.useTransaction(
        h -> {
          long id = Users.findId(h, login).orElseThrow(() -> notFound(login));
          if (!admin) {
            refuseLastAdmin(h, login, "take admin rights from");
          }
          h.createUpdate("UPDATE users SET access_level = :level WHERE id = :id")
              .bind("level", admin ? User.ADMIN_LEVEL : User.USER_LEVEL)
              .bind("id", id)
              .execute();
          LabGeneration.bump(h);
        });
    return get(login);
  }

  /**
   * Deletes a user with its tokens, web sessions and ACL memberships. Jobs it owned keep their
   * owner's name; a user with jobs not finished is not deleted, since no ACL group would hold its
   * queued ones any more.
   *
   * @throws NotFoundException when there is no such user
   * @throws ConflictException when it is the last admin, or has jobs not finished
   */
  public void delete(String login) {
    jdbi.useTransaction(
        h -> {
          long id = Users.findId(h, login).orElseThrow(() -> notFound(login));
          refuseLastAdmin(h, login, "delete");
          List<Long> unfinished =
              h.createQuery(
                      """
                      SELECT DISTINCT j.id FROM jobs j
                        JOIN host_queue_entries e ON e.job_id = j.id
                       WHERE j.owner = :login AND e.complete = FALSE
                       ORDER BY j.id""")
                  .bind("login", login)
                  .mapTo(Long.class)
                  .list();
          if (!unfinished.isEmpty()) {
            // Its queued jobs would wait for ever: no ACL group would hold their owner any more.
            String ids = unfinished.stream().map(String::valueOf).collect(Collectors.joining(" "));
            throw new ConflictException(
                "user "
                    + login
                    + " has jobs that have not finished ("
                    + ids
                    + "): abort them ('hangar job abort "
                    + ids
                    + "') or let them end, then delete the user");
          }
          for (String table : List.of("api_tokens", "web_sessions", "acl_group_users")) {
            h.createUpdate("DELETE FROM " + table + " WHERE user_id = :id")
                .bind("id", id)
                .execute();
          }
          h.createUpdate("DELETE FROM users WHERE id = :id").bind("id", id).execute();
          LabGeneration.bump(h);
        });
  }

  /**
   * Sets the hash of the user's web password and clears its failed logins.
   *
   * @throws NotFoundException when there is no such user
   */
  public void setPasswordHash(String login, String hash) {
    int updated =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        """
                        UPDATE users SET password_hash = :hash, failed_logins = 0,
                               locked_until = NULL
                         WHERE login = :login""")
                    .bind("hash", hash)
                    .bind("login", login)
                    .execute());
    if (updated == 0) {
      throw notFound(login);
    }
  }

  /** The hash of the user's web password, or empty when it has none or does not exist. */
  public Optional<String> passwordHash(String login) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT password_hash FROM users WHERE login = :login")
                .bind("login", login)
                .mapTo(String.class)
                .findOne()
                .filter(hash -> hash != null && !hash.isEmpty()));
  }

  /**
   * Counts a failed web login of an existing user and, when {@code lockFor} says so, refuses its
   * logins until then.
   *
   * @param lockFor turns the number of failures in a row into the end of a lock-out, or null
   * @return the failures in a row, this one included; 0 when the user does not exist
   */
  public int recordFailedLogin(String login, IntFunction<Instant> lockFor) {
    return jdbi.inTransaction(
        h -> {
          Optional<Integer> before =
              h.createQuery("SELECT failed_logins FROM users WHERE login = :login")
                  .bind("login", login)
                  .mapTo(Integer.class)
                  .findOne();
          if (before.isEmpty()) {
            return 0;
          }
          int failures = before.get() + 1;
          h.createUpdate(
                  """
                  UPDATE users SET failed_logins = :n, locked_until = :until
                   WHERE login = :login""")
              .bind("n", failures)
              .bind("until", lockFor.apply(failures))
              .bind("login", login)
              .execute();
          return failures;
        });
  }

  /** Forgets the user's failed logins after a good one. */
  public void clearFailedLogins(String login) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    """
                    UPDATE users SET failed_logins = 0, locked_until = NULL
                     WHERE login = :login AND (failed_logins <> 0 OR locked_until IS NOT NULL)""")
                .bind("login", login)
                .execute());
  }

  static NotFoundException notFound(String login) {
    return new NotFoundException(
        "user '" + login + "' not found; 'hangar user list' shows the users");
  }

  private static void refuseLastAdmin(Handle h, String login, String verb) {
    long otherAdmins =
        h.createQuery("SELECT COUNT(*) FROM users WHERE access_level >= :level AND login <> :login")
            .bind("level", User.ADMIN_LEVEL)
            .bind("login", login)
            .mapTo(Long.class)
            .one();
    boolean isAdmin =
        h.createQuery("SELECT access_level FROM users WHERE login = :login")
                .bind("login", login)
                .mapTo(Integer.class)
                .one()
            >= User.ADMIN_LEVEL;
    if (isAdmin && otherAdmins == 0) {
      throw new ConflictException(
          "cannot "
              + verb
              + " "
              + login
              + ": it is the lab's last admin; make another user an admin first"
              + " ('hangar user mod LOGIN --admin')");
    }
  }

  private static List<User> read(Handle h, String loginOrNull) {
    String where = loginOrNull == null ? "" : " WHERE u.login = :login";
    Map<String, List<String>> groups = new HashMap<>();
    var groupQuery =
        h.createQuery(
            """
            SELECT u.login, g.name FROM users u
              JOIN acl_group_users gu ON gu.user_id = u.id
              JOIN acl_groups g ON g.id = gu.acl_group_id"""
                + where
                + " ORDER BY g.name");
    if (loginOrNull != null) {
      groupQuery.bind("login", loginOrNull);
    }
    groupQuery
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
        .forEach(e -> groups.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    var query =
        h.createQuery(
            """
            SELECT u.login, u.access_level, u.created_on, u.password_hash, u.locked_until
              FROM users u"""
                + where
                + " ORDER BY u.login");
    if (loginOrNull != null) {
      query.bind("login", loginOrNull);
    }
    return query
        .map(
            (rs, ctx) ->
                new User(
                    rs.getString("login"),
                    rs.getInt("access_level") >= User.ADMIN_LEVEL,
                    Rows.instant(rs, "created_on", ctx),
                    withEveryone(groups.getOrDefault(rs.getString("login"), List.of())),
                    rs.getString("password_hash") != null
                        && !rs.getString("password_hash").isEmpty(),
                    Rows.instant(rs, "locked_until", ctx)))
        .list();
  }

  private static List<String> withEveryone(List<String> groups) {
    return groups.contains(AclGroup.EVERYONE)
        ? groups
        : Stream.concat(groups.stream(), Stream.of(AclGroup.EVERYONE)).sorted().toList();
  }
}
