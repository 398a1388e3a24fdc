package hangar.lab;

import java.time.Instant;
import java.util.Objects;

/**
 * An API token as listed: never its value, which is shown once when made and kept only as a hash.
 *
 * @param id its number, to revoke it by
 * @param login the user it acts as
 * @param name what its owner called it, for example {@code laptop}
 * @param createdOn when it was made
 * @param expiresOn when it stops working, or null for never
 * @param lastUsedOn when it was last used, to the minute, or null
 */
public record ApiToken(
    long id, String login, String name, Instant createdOn, Instant expiresOn, Instant lastUsedOn) {
  public ApiToken {
    Objects.requireNonNull(login, "login");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdOn, "createdOn");
  }

  /** True when it has expired by {@code now}. */
  public boolean expiredAt(Instant now) {
    return expiresOn != null && !now.isBefore(expiresOn);
  }
}
