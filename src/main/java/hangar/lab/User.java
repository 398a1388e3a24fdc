package hangar.lab;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A person (or a robot account) of the lab, as Autotest's {@code afe_users}.
 *
 * @param login unique login
 * @param admin whether the user is an admin: Autotest's superuser, access level {@value
 *     #ADMIN_LEVEL}
 * @param createdOn when the user was created
 * @param aclGroups the names of the user's ACL groups, sorted; always holds {@code Everyone}
 * @param hasPassword whether the user can log in to the web UI
 * @param lockedUntil until when web logins are refused after repeated failures, or null
 */
public record User(
    String login,
    boolean admin,
    Instant createdOn,
    List<String> aclGroups,
    boolean hasPassword,
    Instant lockedUntil) {
  /** Autotest's {@code ACCESS_ROOT}: the access level of admins. */
  public static final int ADMIN_LEVEL = 100;

  /** Autotest's {@code ACCESS_USER}: the access level of everybody else. */
  public static final int USER_LEVEL = 0;

  public User {
    checkLogin(login);
    Objects.requireNonNull(createdOn, "createdOn");
    aclGroups = List.copyOf(aclGroups);
  }

  /**
   * Checks a login by the lab's rule for logins ({@link Names#login}).
   *
   * @return the login
   * @throws IllegalArgumentException naming the rule when it breaks it
   */
  public static String checkLogin(String login) {
    return Names.login(login);
  }

  /** Autotest's access level: {@value #ADMIN_LEVEL} for admins, {@value #USER_LEVEL} otherwise. */
  public int accessLevel() {
    return admin ? ADMIN_LEVEL : USER_LEVEL;
  }

  /** Who requests of this user act as. */
  public Caller caller() {
    return new Caller(login, admin);
  }
}
