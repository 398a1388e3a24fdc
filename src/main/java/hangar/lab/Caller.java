package hangar.lab;

import java.util.Objects;

/**
 * Who a request acts as: the user a token or a web session belongs to.
 *
 * @param login the user's login
 * @param admin whether the user is an admin (Autotest's superuser, access level 100)
 */
public record Caller(String login, boolean admin) {
  public Caller {
    Objects.requireNonNull(login, "login");
  }

  /** "alice" or "alice (admin)", for messages. */
  public String describe() {
    return admin ? login + " (admin)" : login;
  }
}
