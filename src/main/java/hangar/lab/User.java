package hangar.lab;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

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

  /** The longest login: the schema's column holds 255, the rule keeps it readable. */
  public static final int MAX_LOGIN_LENGTH = 100;

  private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@+-]*");

  public User {
    checkLogin(login);
    Objects.requireNonNull(createdOn, "createdOn");
    aclGroups = List.copyOf(aclGroups);
  }

  /**
   * Checks a login: 1 to {@value #MAX_LOGIN_LENGTH} letters, digits and {@code _ . @ + -}, not
   * starting with a punctuation mark other than {@code _}.
   *
   * @return the login
   * @throws IllegalArgumentException naming the rule when it breaks it
   */
  public static String checkLogin(String login) {
    if (login == null || login.isEmpty()) {
      throw new IllegalArgumentException("a login must not be empty");
    }
    if (login.length() > MAX_LOGIN_LENGTH || !LOGIN.matcher(login).matches()) {
      throw new IllegalArgumentException(
          "login '"
              + printable(login)
              + "' is not valid: use 1 to "
              + MAX_LOGIN_LENGTH
              + " letters, digits and _ . @ + -, starting with a letter, a digit or _");
    }
    return login;
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(MAX_LOGIN_LENGTH)
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return text.codePointCount(0, text.length()) > MAX_LOGIN_LENGTH ? out + "..." : out.toString();
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
