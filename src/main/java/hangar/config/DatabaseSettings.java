package hangar.config;

import java.util.Objects;

/**
 * The {@code [AUTOTEST_WEB]} section: where the lab's database is.
 *
 * @param type the database kind; H2 keeps a file in the data directory
 * @param host server host name (ignored for H2)
 * @param port server port, or 0 for the kind's default (see {@link #portOrDefault()})
 * @param database database name
 * @param user user name
 * @param password password, may be empty
 */
public record DatabaseSettings(
    DbType type, String host, int port, String database, String user, String password) {

  /** The database kind when {@code db_type} is not set. */
  public static final DbType DEFAULT_TYPE = DbType.H2;

  /** The server host when {@code host} is not set. */
  public static final String DEFAULT_HOST = "localhost";

  /** The port when {@code port} is not set: 0, the default port of the kind. */
  public static final int DEFAULT_PORT = 0;

  /** The database name when {@code database} is not set. */
  public static final String DEFAULT_DATABASE = "hangar";

  /** The user name when {@code user} is not set. */
  public static final String DEFAULT_USER = "hangar";

  /** The password when {@code password} is not set: none. */
  public static final String DEFAULT_PASSWORD = "";

  private static final int MAX_PORT = 65_535;

  /**
   * Checks every component.
   *
   * @throws NullPointerException if any reference is null
   * @throws IllegalArgumentException if the port is outside 0 to 65535, the database name is blank,
   *     or a server database has no host
   */
  public DatabaseSettings {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (port < 0 || port > MAX_PORT) {
      throw new IllegalArgumentException("port must be from 0 to " + MAX_PORT + ", was " + port);
    }
    if (database.isBlank()) {
      throw new IllegalArgumentException("database must not be blank");
    }
    if (type.isServer() && host.isBlank()) {
      throw new IllegalArgumentException("host must be set for " + type + ", was blank");
    }
  }

  /**
   * Returns the settings used without a configuration file: embedded H2, database {@code hangar}.
   *
   * @return the default settings
   */
  public static DatabaseSettings defaults() {
    return new DatabaseSettings(
        DEFAULT_TYPE, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_DATABASE, DEFAULT_USER, DEFAULT_PASSWORD);
  }

  /**
   * Returns the port to connect to.
   *
   * @return {@link #port()} if set, else the kind's {@link DbType#defaultPort()} (0 for H2)
   */
  public int portOrDefault() {
    return port != 0 ? port : type.defaultPort();
  }

  /** Keeps the password out of logs and error messages. */
  @Override
  public String toString() {
    return "DatabaseSettings[type="
        + type
        + ", host="
        + host
        + ", port="
        + port
        + ", database="
        + database
        + ", user="
        + user
        + ", password="
        + (password.isEmpty() ? "" : "****")
        + "]";
  }
}
