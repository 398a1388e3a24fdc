package hangar.store;

import hangar.lab.Names;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * The drones the lab records: which are disabled (drained), and the dial-in workers with the
 * SHA-256 of their tokens. A token itself is shown once, when it is made, and never stored.
 */
public final class DroneStore {
  /** The {@code kind} of a drone reached over SSH or on the scheduler's machine. */
  public static final String KIND_CONFIGURED = "configured";

  /** The {@code kind} of a worker that dials the master. */
  public static final String KIND_WORKER = "worker";

  private final Jdbi jdbi;
  private final Clock clock;

  public DroneStore(Database database, Clock clock) {
    this.jdbi = database.jdbi();
    this.clock = clock;
  }

  /**
   * A recorded drone.
   *
   * @param name its name
   * @param kind {@value #KIND_CONFIGURED} or {@value #KIND_WORKER}
   * @param enabled false when drained
   */
  public record DroneRow(String name, String kind, boolean enabled) {}

  /** Records the drones of the {@code drones} key that have no row yet, enabled. */
  public void recordConfigured(List<String> names) {
    jdbi.useTransaction(
        h -> {
          for (String name : names) {
            boolean known =
                h.createQuery("SELECT COUNT(*) FROM drones WHERE hostname = :n")
                        .bind("n", name)
                        .mapTo(Long.class)
                        .one()
                    > 0;
            if (!known) {
              h.createUpdate(
                      "INSERT INTO drones (hostname, kind, enabled, created_on)"
                          + " VALUES (:n, :k, TRUE, :now)")
                  .bind("n", name)
                  .bind("k", KIND_CONFIGURED)
                  .bind("now", clock.instant())
                  .execute();
            }
          }
        });
  }

  /**
   * Creates a worker and returns its token, which is not kept: only its SHA-256 is.
   *
   * @throws ConflictException if a drone of that name exists
   */
  public String createWorker(String name) {
    Names.drone(name);
    String token = "hw_" + Secrets.randomHex(32);
    int rows =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        """
                        INSERT INTO drones (hostname, kind, enabled, token_sha256, created_on)
                        SELECT :n, :k, TRUE, :t, :now FROM (SELECT 1 AS one) x
                         WHERE NOT EXISTS (SELECT 1 FROM drones WHERE hostname = :n)""")
                    .bind("n", name)
                    .bind("k", KIND_WORKER)
                    .bind("t", Secrets.sha256(token))
                    .bind("now", clock.instant())
                    .execute());
    if (rows == 0) {
      throw new ConflictException(
          "drone '" + name + "' exists already; pick another name, or delete it first");
    }
    return token;
  }

  /** True if {@code token} is the named worker's. */
  public boolean tokenMatches(String name, String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    Optional<String> stored =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT token_sha256 FROM drones WHERE hostname = :n AND kind = :k")
                    .bind("n", name)
                    .bind("k", KIND_WORKER)
                    .mapTo(String.class)
                    .findOne());
    return stored.isPresent()
        && MessageDigest.isEqual(
            stored.get().getBytes(StandardCharsets.US_ASCII),
            Secrets.sha256(token).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Drains a drone or returns it to work.
   *
   * @throws NotFoundException if no drone has that name
   */
  public void setEnabled(String name, boolean enabled) {
    int rows =
        jdbi.withHandle(
            h ->
                h.createUpdate("UPDATE drones SET enabled = :e WHERE hostname = :n")
                    .bind("e", enabled)
                    .bind("n", name)
                    .execute());
    if (rows == 0) {
      throw new NotFoundException("no drone " + name + "; see 'hangar drone list'");
    }
  }

  /**
   * Deletes a worker.
   *
   * @throws NotFoundException if no worker has that name
   */
  public void deleteWorker(String name) {
    int rows =
        jdbi.withHandle(
            h ->
                h.createUpdate("DELETE FROM drones WHERE hostname = :n AND kind = :k")
                    .bind("n", name)
                    .bind("k", KIND_WORKER)
                    .execute());
    if (rows == 0) {
      throw new NotFoundException("no worker " + name + "; see 'hangar drone list'");
    }
  }

  /** Every recorded drone, by name. */
  public List<DroneRow> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT hostname, kind, enabled FROM drones ORDER BY hostname")
                .map(
                    (rs, ctx) ->
                        new DroneRow(
                            rs.getString("hostname"),
                            rs.getString("kind"),
                            rs.getBoolean("enabled")))
                .list());
  }

  /** The names of the disabled drones. */
  public Set<String> disabled() {
    return list().stream()
        .filter(d -> !d.enabled())
        .map(DroneRow::name)
        .collect(Collectors.toUnmodifiableSet());
  }
}
