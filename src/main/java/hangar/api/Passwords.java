package hangar.api;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Web passwords, hashed with Argon2id (Password4j) at OWASP's recommended cost: 19 MiB of memory,
 * two passes, one lane. The stored form is the PHC string, which carries its own salt and cost, so
 * a later change of cost still checks older hashes.
 */
final class Passwords {
  /** The shortest password taken. */
  static final int MIN_LENGTH = 10;

  /** The longest password taken: past it, hashing is a way to tie up the server. */
  static final int MAX_LENGTH = 1024;

  private static final Argon2Function ARGON2 =
      Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID, 19);

  /** A hash of nothing, checked when the login is unknown so that the answer takes as long. */
  private static final String DECOY = hash("decoy password of no user");

  private Passwords() {}

  /**
   * Hashes a new password.
   *
   * @throws IllegalArgumentException when it is too short or too long
   */
  static String hashNew(String password) {
    if (password == null || password.length() < MIN_LENGTH) {
      throw new IllegalArgumentException("a password needs at least " + MIN_LENGTH + " characters");
    }
    if (password.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a password takes at most " + MAX_LENGTH + " characters");
    }
    return hash(password);
  }

  /** True when the password matches the stored hash; with no hash, checks a decoy and says no. */
  static boolean matches(String password, String storedOrNull) {
    if (password == null || password.length() > MAX_LENGTH) {
      return false;
    }
    if (storedOrNull == null) {
      Password.check(password, DECOY).with(ARGON2);
      return false;
    }
    return Password.check(password, storedOrNull)
        .with(Argon2Function.getInstanceFromHash(storedOrNull));
  }

  private static String hash(String password) {
    return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
  }
}
