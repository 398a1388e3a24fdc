package hangar.config;

/**
 * The {@code [AUTOTEST_WEB]} section: where the lab's database is.
 *
 * @param type the database kind; H2 keeps a file in the data directory
 * @param host server host (ignored for H2)
 * @param port server port, or 0 for the kind's default
 * @param database database name
 * @param user user name
 * @param password password, may be empty
 */
public record DatabaseSettings(
    DbType type, String host, int port, String database, String user, String password) {}
