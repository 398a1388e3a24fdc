package hangar.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import hangar.lab.AclGroup;
import hangar.lab.ApiToken;
import hangar.lab.User;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of users, ACL groups, tokens and logins. */
final class AccessJson {
  private AccessJson() {}

  /** A user as listed and shown. */
  record UserJson(
      String login,
      boolean admin,
      int accessLevel,
      Instant createdOn,
      List<String> aclGroups,
      boolean hasPassword,
      @JsonInclude(JsonInclude.Include.NON_NULL) Instant lockedUntil) {
    static UserJson of(User u) {
      return new UserJson(
          u.login(),
          u.admin(),
          u.accessLevel(),
          u.createdOn(),
          u.aclGroups(),
          u.hasPassword(),
          u.lockedUntil());
    }
  }

  /** {@code POST /api/v1/users}. */
  record NewUser(String login, Boolean admin, String password) {}

  /** {@code PATCH /api/v1/users/{login}}: fields left out stay as they are. */
  record UserChange(Boolean admin, String password) {}

  /** An ACL group as listed and shown. */
  record AclJson(String name, String description, List<String> users, List<String> hosts) {
    static AclJson of(AclGroup g) {
      return new AclJson(g.name(), g.description(), g.users(), g.hosts());
    }
  }

  /** {@code POST /api/v1/acls}. */
  record NewAcl(String name, String description) {}

  /** A token as listed: never its value. */
  record TokenJson(
      long id, String user, String name, Instant createdOn, Instant expiresOn, Instant lastUsedOn) {
    static TokenJson of(ApiToken t) {
      return new TokenJson(
          t.id(), t.login(), t.name(), t.createdOn(), t.expiresOn(), t.lastUsedOn());
    }
  }

  /** {@code POST /api/v1/tokens}: a token for oneself, or for {@code user} when an admin asks. */
  record NewToken(String user, String name, Integer expiresDays) {}

  /** A token just made: the only time its value is shown. */
  record CreatedTokenJson(String token, TokenJson about) {}

  /**
   * {@code POST /api/v1/login}: with {@code token} true, answers an API token (for {@code hangar
   * login}) instead of opening a web session.
   */
  record LoginRequest(
      String login, String password, Boolean token, String tokenName, Integer expiresDays) {}

  /** Who a request acts as, and for a web session the CSRF token its forms must send. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record WhoAmI(
      String login, Boolean admin, String via, String csrfToken, Instant expiresOn, String token) {}
}
