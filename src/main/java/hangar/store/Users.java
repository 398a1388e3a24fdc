package hangar.store;

import hangar.lab.JobNeeds;
import hangar.lab.Names;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** User rows, created when a job owner is first seen, and what a user may use. */
final class Users {
  private static final Logger LOG = LoggerFactory.getLogger(Users.class);

  /** Autotest's {@code ACCESS_ROOT}: users at this access level or above are superusers. */
  static final int SUPERUSER_LEVEL = 100;

  private Users() {}

  /** Creates the user, in the {@code Everyone} ACL group, unless it exists. */
  static void ensure(Jdbi jdbi, String login, Instant now) {
    Names.login(login);
    if (jdbi.withHandle(h -> findId(h, login)).isPresent()) {
      return;
    }
    try {
      jdbi.useTransaction(h -> insert(h, login, 0, now));
    } catch (UnableToExecuteStatementException e) {
      // Two first jobs of one owner at once: the other request created the row, which is fine.
      if (jdbi.withHandle(h -> findId(h, login)).isEmpty()) {
        throw e;
      }
      LOG.debug("user {} was created by a concurrent request", login);
    }
  }

  /** Inserts a user and puts it in {@code Everyone}, in the caller's transaction. */
  static long insert(Handle h, String login, int accessLevel, Instant now) {
    long id =
        h.createUpdate(
                """
                INSERT INTO users (login, access_level, created_on)
                VALUES (:login, :level, :now)""")
            .bind("login", login)
            .bind("level", accessLevel)
            .bind("now", now)
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    h.createUpdate(
            """
            INSERT INTO acl_group_users (acl_group_id, user_id)
            SELECT id, :user FROM acl_groups WHERE name = 'Everyone'""")
        .bind("user", id)
        .execute();
    LabGeneration.bump(h);
    return id;
  }

  /** What a job of this owner with these dependencies asks of its hosts; not yet created. */
  static JobNeeds needs(Handle h, String owner, List<String> dependencies) {
    int level =
        h.createQuery("SELECT access_level FROM users WHERE login = :login")
            .bind("login", owner)
            .mapTo(Integer.class)
            .findOne()
            .orElse(0);
    Set<String> groups =
        Set.copyOf(
            h.createQuery(
                    """
                    SELECT g.name FROM acl_groups g
                      JOIN acl_group_users gu ON gu.acl_group_id = g.id
                      JOIN users u ON u.id = gu.user_id
                     WHERE u.login = :login""")
                .bind("login", owner)
                .mapTo(String.class)
                .list());
    return new JobNeeds(
        0, owner, level >= SUPERUSER_LEVEL, Set.copyOf(dependencies), groups, Set.of());
  }

  /** The user's id, or empty. */
  static Optional<Long> findId(Handle h, String login) {
    return h.createQuery("SELECT id FROM users WHERE login = :login")
        .bind("login", login)
        .mapTo(Long.class)
        .findOne();
  }
}
