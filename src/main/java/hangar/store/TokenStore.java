package hangar.store;

import hangar.lab.ApiToken;
import hangar.lab.Caller;
import hangar.lab.Texts;
import hangar.lab.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Per-user API tokens. A token is 32 random bytes, shown once when it is made; the database keeps
 * only its SHA-256, so a copy of the database lets nobody in. A revoked token keeps its row,
 * marked, so that the admin token file of a data directory is not taken back in at the next start
 * once it was revoked.
 */
public final class TokenStore {
  /** The prefix of user tokens, so that a leaked one is easy to recognise and search for. */
  public static final String PREFIX = "hgr_";

  /** How often the last use of one token is written at most. */
  private static final Duration LAST_USE_PRECISION = Duration.ofMinutes(1);

  private final Jdbi jdbi;
  private final Clock clock;
  private final Map<Long, Instant> lastUseWritten = new ConcurrentHashMap<>();

  public TokenStore(Database database, Clock clock) {
    this.jdbi = database.jdbi();
    this.clock = clock;
  }

  /**
   * A token just made: its value, shown once, and how it is listed.
   *
   * @param value the token to give to the CLI or a script
   * @param token its listing
   */
  public record Created(String value, ApiToken token) {}

  /**
   * Makes a token for a user.
   *
   * @param login whose token it is
   * @param name what to call it, for the list
   * @param lifetime how long it works, or null for ever
   * @throws NotFoundException when there is no such user
   * @throws IllegalArgumentException when the name is empty or too long
   */
  public Created create(String login, String name, Duration lifetime) {
    String label = checkName(name);
    if (lifetime != null && (lifetime.isNegative() || lifetime.isZero())) {
      throw new IllegalArgumentException("a token's lifetime must be positive, was " + lifetime);
    }
    String value = PREFIX + Secrets.randomHex(32);
    Instant now = clock.instant();
    Instant expires = lifetime == null ? null : now.plus(lifetime);
    long id =
        jdbi.inTransaction(
            h -> {
              long userId = Users.findId(h, login).orElseThrow(() -> UserStore.notFound(login));
              return insert(h, userId, label, Secrets.sha256(value), now, expires);
            });
    return new Created(value, new ApiToken(id, login, label, now, expires, null));
  }

  /**
   * Records a token made elsewhere (the admin token file of a data directory) for a user, unless
   * its hash is already recorded, revoked or not.
   *
   * @return true when it was recorded now
   */
  public boolean adopt(String login, String name, String value) {
    String hash = Secrets.sha256(value);
    return jdbi.inTransaction(
        h -> {
          boolean known =
              h.createQuery("SELECT COUNT(*) FROM api_tokens WHERE token_sha256 = :hash")
                      .bind("hash", hash)
                      .mapTo(Long.class)
                      .one()
                  > 0;
          if (known) {
            return false;
          }
          long userId = Users.findId(h, login).orElseThrow(() -> UserStore.notFound(login));
          insert(h, userId, checkName(name), hash, clock.instant(), null);
          return true;
        });
  }

  /**
   * The user a token acts as, when it is known, not revoked, not expired, and its user exists.
   * Notes when it was used, at most once a minute per token.
   */
  public Optional<Caller> authenticate(String value) {
    if (value == null || value.isEmpty() || value.length() > 200) {
      return Optional.empty();
    }
    String hash = Secrets.sha256(value);
    Instant now = clock.instant();
    Optional<Found> found =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        """
                        SELECT t.id, t.expires_on, u.login, u.access_level
                          FROM api_tokens t JOIN users u ON u.id = t.user_id
                         WHERE t.token_sha256 = :hash AND t.revoked_on IS NULL""")
                    .bind("hash", hash)
                    .map(
                        (rs, ctx) ->
                            new Found(
                                rs.getLong("id"),
                                Rows.instant(rs, "expires_on", ctx),
                                new Caller(
                                    rs.getString("login"),
                                    rs.getInt("access_level") >= User.ADMIN_LEVEL)))
                    .findOne());
    if (found.isEmpty()
        || (found.get().expires() != null && !now.isBefore(found.get().expires()))) {
      return Optional.empty();
    }
    noteUse(found.get().id(), now);
    return Optional.of(found.get().caller());
  }

  private record Found(long id, Instant expires, Caller caller) {}

  private void noteUse(long id, Instant now) {
    Instant written = lastUseWritten.get(id);
    if (written != null && Duration.between(written, now).compareTo(LAST_USE_PRECISION) < 0) {
      return;
    }
    lastUseWritten.put(id, now);
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE api_tokens SET last_used_on = :now WHERE id = :id")
                .bind("now", now)
                .bind("id", id)
                .execute());
  }

  /**
   * The tokens that still work or have expired but were not revoked, newest first.
   *
   * @param loginOrNull whose tokens, or null for everybody's
   */
  public List<ApiToken> list(String loginOrNull) {
    return select(loginOrNull == null ? "" : " AND u.login = :login", "login", loginOrNull);
  }

  /**
   * The token with this id, if it was not revoked.
   *
   * @throws NotFoundException when there is none that still works
   */
  public ApiToken get(long id) {
    return select(" AND t.id = :id", "id", id).stream()
        .findFirst()
        .orElseThrow(
            () ->
                new NotFoundException(
                    "token "
                        + id
                        + " not found (or already revoked); 'hangar token list' shows"
                        + " yours"));
  }

  /** The tokens not revoked that also match {@code condition}, binding {@code name}. */
  private List<ApiToken> select(String condition, String name, Object value) {
    return jdbi.withHandle(
        h -> {
          var query =
              h.createQuery(
                  """
                  SELECT t.id, u.login, t.name, t.created_on, t.expires_on, t.last_used_on
                    FROM api_tokens t JOIN users u ON u.id = t.user_id
                   WHERE t.revoked_on IS NULL"""
                      + condition
                      + " ORDER BY t.id DESC");
          if (!condition.isEmpty()) {
            query.bind(name, value);
          }
          return query
              .map(
                  (rs, ctx) ->
                      new ApiToken(
                          rs.getLong("id"),
                          rs.getString("login"),
                          rs.getString("name"),
                          Rows.instant(rs, "created_on", ctx),
                          Rows.instant(rs, "expires_on", ctx),
                          Rows.instant(rs, "last_used_on", ctx)))
              .list();
        });
  }

  /**
   * Revokes a token for good.
   *
   * @throws NotFoundException when there is no such token that still works
   */
  public void revoke(long id) {
    int updated =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        """
                        UPDATE api_tokens SET revoked_on = :now
                         WHERE id = :id AND revoked_on IS NULL""")
                    .bind("now", clock.instant())
                    .bind("id", id)
                    .execute());
    if (updated == 0) {
      throw new NotFoundException("token " + id + " not found (or already revoked)");
    }
    lastUseWritten.remove(id);
  }

  /** The id of the token with this value, when it still works; for revoking the token in use. */
  public Optional<Long> idOf(String value) {
    String hash = Secrets.sha256(value);
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id FROM api_tokens WHERE token_sha256 = :hash AND revoked_on IS NULL")
                .bind("hash", hash)
                .mapTo(Long.class)
                .findOne());
  }

  private static long insert(
      Handle h, long userId, String name, String hash, Instant now, Instant expires) {
    return h.createUpdate(
            """
            INSERT INTO api_tokens (user_id, name, token_sha256, created_on, expires_on)
            VALUES (:user, :name, :hash, :now, :expires)""")
        .bind("user", userId)
        .bind("name", name)
        .bind("hash", hash)
        .bind("now", now)
        .bind("expires", expires)
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  private static String checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a token's name must not be empty; say what it is for");
    }
    return Texts.line("token name", name.strip(), 100);
  }
}
