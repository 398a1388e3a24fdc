package hangar.store;

import hangar.lab.Caller;
import hangar.lab.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Web sessions made by a login with a password. The browser holds the session's random value in a
 * cookie; the database keeps its SHA-256 and the session's CSRF token, which every state-changing
 * form must send back.
 */
public final class WebSessionStore {
  /** How long a session lasts after its login. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofHours(12);

  private final Jdbi jdbi;
  private final Clock clock;

  public WebSessionStore(Database database, Clock clock) {
    this.jdbi = database.jdbi();
    this.clock = clock;
  }

  /**
   * A session as the server sees it.
   *
   * @param caller whom its requests act as
   * @param csrfToken what state-changing requests of the session must carry
   * @param expiresOn when it ends
   */
  public record WebSession(Caller caller, String csrfToken, Instant expiresOn) {}

  /**
   * A session just opened.
   *
   * @param cookie the value for the browser's cookie, shown once
   * @param session the session
   */
  public record Opened(String cookie, WebSession session) {}

  /**
   * Opens a session for a user who just logged in, and forgets that user's expired ones.
   *
   * @throws NotFoundException when there is no such user
   */
  public Opened open(String login, Duration lifetime) {
    String cookie = Secrets.randomHex(32);
    String csrf = Secrets.randomHex(32);
    Instant now = clock.instant();
    Instant expires = now.plus(lifetime);
    Caller caller =
        jdbi.inTransaction(
            h -> {
              long userId = Users.findId(h, login).orElseThrow(() -> UserStore.notFound(login));
              h.createUpdate("DELETE FROM web_sessions WHERE user_id = :u AND expires_on <= :now")
                  .bind("u", userId)
                  .bind("now", now)
                  .execute();
              h.createUpdate(
                      """
                      INSERT INTO web_sessions
                        (user_id, session_sha256, csrf_token, created_on, expires_on)
                      VALUES (:u, :hash, :csrf, :now, :expires)""")
                  .bind("u", userId)
                  .bind("hash", Secrets.sha256(cookie))
                  .bind("csrf", csrf)
                  .bind("now", now)
                  .bind("expires", expires)
                  .execute();
              int level =
                  h.createQuery("SELECT access_level FROM users WHERE id = :u")
                      .bind("u", userId)
                      .mapTo(Integer.class)
                      .one();
              return new Caller(login, level >= User.ADMIN_LEVEL);
            });
    return new Opened(cookie, new WebSession(caller, csrf, expires));
  }

  /** The live session a cookie names, or empty. */
  public Optional<WebSession> find(String cookie) {
    if (cookie == null || cookie.isEmpty() || cookie.length() > 200) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    """
                    SELECT u.login, u.access_level, s.csrf_token, s.expires_on
                      FROM web_sessions s JOIN users u ON u.id = s.user_id
                     WHERE s.session_sha256 = :hash AND s.expires_on > :now""")
                .bind("hash", Secrets.sha256(cookie))
                .bind("now", now)
                .map(
                    (rs, ctx) ->
                        new WebSession(
                            new Caller(
                                rs.getString("login"),
                                rs.getInt("access_level") >= User.ADMIN_LEVEL),
                            rs.getString("csrf_token"),
                            Rows.instant(rs, "expires_on", ctx)))
                .findOne());
  }

  /** Ends the session a cookie names; an unknown one is fine. */
  public void close(String cookie) {
    if (cookie == null || cookie.isEmpty()) {
      return;
    }
    jdbi.useHandle(
        h ->
            h.createUpdate("DELETE FROM web_sessions WHERE session_sha256 = :hash")
                .bind("hash", Secrets.sha256(cookie))
                .execute());
  }
}
