package hangar.config;

/** The database behind the lab, chosen by {@code db_type}. */
public enum DbType {
  /** Embedded H2: a file in the data directory, no server, no port. */
  H2(0),
  /** A PostgreSQL server. */
  POSTGRESQL(5432),
  /** A MySQL or MariaDB server ({@code db_type: mysql} or {@code mariadb}). */
  MYSQL(3306);

  private final int defaultPort;

  DbType(int defaultPort) {
    this.defaultPort = defaultPort;
  }

  /**
   * Returns the TCP port a server of this kind listens on unless told otherwise.
   *
   * @return the usual port, or 0 for {@link #H2}, which has no server
   */
  public int defaultPort() {
    return defaultPort;
  }

  /**
   * Tells whether this kind is reached over the network, so that {@code host} matters.
   *
   * @return true for PostgreSQL and MySQL, false for embedded H2
   */
  public boolean isServer() {
    return this != H2;
  }
}
