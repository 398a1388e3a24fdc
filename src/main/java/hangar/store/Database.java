package hangar.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import hangar.config.DatabaseSettings;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The lab's database: a connection pool, the migrated schema, and JDBI over both. */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** Connections in the pool; the scheduler, the API and the parsers share them. */
  public static final int DEFAULT_POOL_SIZE = 10;

  /**
   * How long a request waits for a connection before it fails as "database unavailable": the pool
   * is empty and no new connection could be made meanwhile. Opening a connection to a database
   * server gives up after the same time ({@link Dialect#connectionProperties}).
   */
  public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  /** How long the pool waits for a connection it hands out to prove it is alive. */
  static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(2);

  /**
   * How long a statement already sent to a database server waits for its answer before the
   * connection is given up as broken: it bounds a request that was on the wire when the network
   * went away. Longer than any statement Hangar runs.
   */
  public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(15);

  static {
    // Before any H2 class loads: H2 reads its bind address once.
    H2Login.keepServersOnLoopback();
  }

  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final Jdbi jdbi;

  private Database(HikariDataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.jdbi = Jdbi.create(dataSource);
    jdbi.registerArgument(new InstantArgumentFactory(dialect));
    jdbi.registerColumnMapper(
        Instant.class,
        (rs, column, ctx) -> {
          Object value = rs.getObject(column, dialect.jdbcInstantType());
          return value == null ? null : dialect.fromJdbc(value);
        });
  }

  /**
   * Connects to the database the settings name, migrates its schema to the newest version and
   * returns it ready for use. An H2 database is opened as a plain file that no other process may
   * open meanwhile, with no network port.
   *
   * @param settings the {@code [AUTOTEST_WEB]} settings
   * @param dataDir the data directory; the H2 file lives under it
   * @throws StoreException when the database cannot be reached or migrated, saying which and why
   */
  public static Database open(DatabaseSettings settings, Path dataDir) {
    return open(settings, dataDir, false);
  }

  /**
   * As {@link #open}, for a database other processes of this machine open too ({@code hangar server
   * --no-scheduler} next to {@code hangar scheduler}): the first process to open an H2 database
   * serves it to the others on the loopback address, with the password they all read in the data
   * directory. Database servers (PostgreSQL, MySQL) are shared either way.
   *
   * @throws StoreException when the database cannot be reached or migrated, saying which and why
   */
  public static Database openShared(DatabaseSettings settings, Path dataDir) {
    return open(settings, dataDir, true);
  }

  private static Database open(DatabaseSettings settings, Path dataDir, boolean shared) {
    Dialect dialect = Dialect.of(settings.type());
    Dialect.Login login = dialect.login(settings, dataDir, shared);
    String url = login.url();
    HikariConfig pool = new HikariConfig();
    java.util.Optional<Path> embedded = dialect.embeddedFolder(dataDir);
    if (embedded.isPresent()) {
      pool.setDataSource(
          new RoomToOpen(
              url, login.user(), login.password(), embedded.get(), RoomToOpen.RESERVE_BYTES));
    } else {
      pool.setJdbcUrl(url);
      pool.setUsername(login.user());
      pool.setPassword(login.password());
    }
    pool.setMaximumPoolSize(DEFAULT_POOL_SIZE);
    pool.setPoolName("hangar-db");
    pool.setConnectionInitSql(dialect.connectionInitSql());
    pool.setInitializationFailTimeout(10_000);
    pool.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    pool.setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
    dialect.connectionProperties().forEach(pool::addDataSourceProperty);
    // A connection that saw the database go away (a server restart, H2 closing its file after a
    // failed write) is dropped, so the next one reaches the database as it is now.
    pool.setExceptionOverride(new DropBrokenConnections());
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(pool);
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot connect to the "
              + dialect.name()
              + " database at "
              + url
              + " as '"
              + settings.user()
              + "': "
              + rootMessage(e)
              + "; check the [AUTOTEST_WEB] section of the config",
          e);
    }
    try {
      Schema.migrate(dataSource, dialect);
    } catch (FlywayException e) {
      dataSource.close();
      throw new StoreException(
          "cannot migrate the " + dialect.name() + " database at " + url + ": " + e.getMessage(),
          e);
    }
    dialect.opened(dataDir);
    LOG.info("database ready: {} at {}", dialect.name(), url);
    return new Database(dataSource, dialect);
  }

  /** JDBI over the pool, with instants mapped the dialect's way. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** The dialect in use. */
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public void close() {
    dataSource.close();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  /** Tells the pool to drop a connection whose database went away, whatever the driver says. */
  private static final class DropBrokenConnections implements SQLExceptionOverride {
    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
      return StorageFailures.isStorageFailure(e)
          ? SQLExceptionOverride.Override.MUST_EVICT
          : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }
  }

  /** Binds instants as the dialect wants them, in UTC whatever the JVM's zone. */
  private static final class InstantArgumentFactory extends AbstractArgumentFactory<Instant> {
    private final Dialect dialect;

    InstantArgumentFactory(Dialect dialect) {
      super(Types.TIMESTAMP_WITH_TIMEZONE);
      this.dialect = dialect;
    }

    @Override
    protected Argument build(Instant value, ConfigRegistry config) {
      return (position, statement, ctx) -> statement.setObject(position, dialect.toJdbc(value));
    }
  }
}
