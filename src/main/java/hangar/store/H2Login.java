package hangar.store;

import hangar.PrivateFiles;
import hangar.config.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How Hangar logs in to its embedded H2 database, which holds the lab and runs whatever {@code
 * CREATE ALIAS} defines with the rights of the process: anyone who can log in owns the machine.
 *
 * <ul>
 *   <li>The database user has a random password kept in {@code DATA/db/<database>.password} (mode
 *       {@code 0600}); the {@code [AUTOTEST_WEB]} password is used only once, to move a database
 *       made before this rule (with an empty password) to the random one.
 *   <li>Alone (the all-in-one server), the database is a plain embedded file: no network port.
 *   <li>Shared by the processes of one machine ({@code hangar server --no-scheduler} and {@code
 *       hangar scheduler}), it runs with {@code AUTO_SERVER}: the first process serves it to the
 *       others over TCP, on the loopback address only (system property {@code h2.bindAddress},
 *       which H2 reads once when it loads).
 * </ul>
 */
final class H2Login {
  private static final Logger LOG = LoggerFactory.getLogger(H2Login.class);

  /** The folder under the data directory that holds the database files and the password. */
  static final String FOLDER = "db";

  /** The address H2's servers bind to, set before H2 loads. */
  static final String BIND_ADDRESS = "127.0.0.1";

  private static final String BIND_PROPERTY = "h2.bindAddress";

  /** H2's error code for a wrong user name or password (SQL state 28000). */
  private static final int WRONG_USER_OR_PASSWORD = 28000;

  /** H2's error code for a database file locked by another process. */
  private static final int DATABASE_ALREADY_OPEN = 90020;

  /** How long a login waits for another process to finish taking a shared file's lock. */
  static final Duration LOCK_SETTLE = Duration.ofSeconds(30);

  private static final Duration LOCK_RETRY_PAUSE = Duration.ofMillis(250);

  private static final int PASSWORD_BYTES = 32;

  private H2Login() {}

  /**
   * Sets {@code h2.bindAddress} to the loopback address unless it is set already. Runs before any
   * H2 class loads: every database of Hangar is opened through {@link Database}, which calls this
   * from its static initializer.
   */
  static void keepServersOnLoopback() {
    if (System.getProperty(BIND_PROPERTY) == null) {
      System.setProperty(BIND_PROPERTY, BIND_ADDRESS);
    }
  }

  /**
   * The URL, user and password to open the database with; creates the password file at first use
   * and moves a database made with the {@code [AUTOTEST_WEB]} password to it.
   *
   * @param fileUrl the database file's URL, without settings
   * @param shared true when other processes of this machine open it too
   * @throws StoreException if no password opens it, or it is locked by a process that does not
   *     share it
   */
  static Dialect.Login prepare(
      String fileUrl, DatabaseSettings settings, Path dataDir, boolean shared) {
    Path folder = dataDir.toAbsolutePath().resolve(FOLDER);
    Path passwordFile = folder.resolve(settings.database() + ".password");
    // H2 writes committed changes to its file in the background by default, half a second later,
    // and a write that fails there (a full disk) loses changes the caller was told were stored.
    // WRITE_DELAY=0 writes them before the commit returns, and a failed write fails the commit.
    String url = fileUrl + ";WRITE_DELAY=0" + (shared ? ";AUTO_SERVER=TRUE" : "");
    if (shared) {
      checkLoopback();
    }
    String password;
    try {
      PrivateFiles.createDirectories(folder);
      password = readOrCreate(passwordFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the H2 password in " + passwordFile, e);
    }
    logIn(url, settings, password, passwordFile, shared);
    return new Dialect.Login(url, settings.user(), password);
  }

  /**
   * Makes the database files private: H2 creates them with the process umask, and the lock file
   * anew at each open.
   */
  static void secureFiles(Path dataDir) {
    PrivateFiles.Tightened done =
        PrivateFiles.tighten(dataDir.toAbsolutePath().resolve(FOLDER), p -> false);
    if (!done.failed().isEmpty()) {
      LOG.warn("cannot make the H2 files private: {}", done.failed());
    }
  }

  /**
   * Logs in once with the file's password; on a wrong password, with the configured one, and then
   * gives the user the file's password. A second try with the file's covers another process that
   * moved it meanwhile.
   */
  private static void logIn(
      String url, DatabaseSettings settings, String password, Path passwordFile, boolean shared) {
    String user = settings.user();
    SQLException first = tryLogIn(url, user, password, shared);
    if (first == null) {
      return;
    }
    try (Connection old = DriverManager.getConnection(url, user, settings.password());
        Statement statement = old.createStatement()) {
      // The password is hex: nothing in it needs quoting.
      statement.execute("SET PASSWORD '" + password + "'");
      LOG.info(
          "H2 database {}: user '{}' had the [AUTOTEST_WEB] password{}; it now has the random"
              + " password kept in {}",
          url,
          user,
          settings.password().isEmpty() ? " (empty)" : "",
          passwordFile);
      return;
    } catch (SQLException e) {
      if (e.getErrorCode() != WRONG_USER_OR_PASSWORD) {
        throw failure(url, user, e, shared);
      }
    }
    SQLException last = tryLogIn(url, user, password, shared);
    if (last != null) {
      throw new StoreException(
          "cannot log in to the H2 database "
              + url
              + " as '"
              + user
              + "' with the password in "
              + passwordFile
              + " nor with the [AUTOTEST_WEB] password; if that file was lost, restore it from"
              + " a backup of the data directory",
          last);
    }
  }

  /**
   * Null when the login works; the wrong-password error when it does not. A shared file whose lock
   * another process is taking at this moment (one that found the serving process gone and opens the
   * file itself, which can take a scan of it: {@link H2FileRecovery}) is tried again for up to
   * {@link #LOCK_SETTLE}, until that process serves it.
   */
  private static SQLException tryLogIn(String url, String user, String password, boolean shared) {
    long deadline = System.nanoTime() + LOCK_SETTLE.toNanos();
    while (true) {
      try (Connection connection = DriverManager.getConnection(url, user, password)) {
        return null;
      } catch (SQLException e) {
        if (e.getErrorCode() == WRONG_USER_OR_PASSWORD) {
          return e;
        }
        if (!shared || !isLockBeingTaken(e) || System.nanoTime() > deadline) {
          throw failure(url, user, e, shared);
        }
        LOG.info(
            "H2 database {}: another process is taking its lock ({}); trying again",
            url,
            e.getMessage());
        try {
          Thread.sleep(LOCK_RETRY_PAUSE.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw failure(url, user, e, shared);
        }
      }
    }
  }

  /** H2's lock-file errors while another process takes the lock: over once it has. */
  private static boolean isLockBeingTaken(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null
          && (message.contains("Lock file recently modified")
              || message.contains("Another process was faster")
              || message.contains("Concurrent update"))) {
        return true;
      }
    }
    return false;
  }

  private static StoreException failure(String url, String user, SQLException e, boolean shared) {
    if (e.getErrorCode() == DATABASE_ALREADY_OPEN || isHeldAlone(e)) {
      return new StoreException(
          "the H2 database "
              + url
              + " is open in another process"
              + (shared
                  ? " that does not share it (an all-in-one 'hangar server'?); run that one as"
                      + " 'hangar server --no-scheduler' so that 'hangar scheduler' processes"
                      + " can share the file, or use PostgreSQL or MySQL"
                  : "; stop it, or run this server as 'hangar server --no-scheduler' next to"
                      + " 'hangar scheduler' processes, which share the file"),
          e);
    }
    return new StoreException(
        "cannot open the H2 database " + url + " as '" + user + "': " + e.getMessage(), e);
  }

  /** True when H2 could not reach the server of a database held by a process that serves none. */
  private static boolean isHeldAlone(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == DATABASE_ALREADY_OPEN) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads the password file, or creates it: written aside, then linked into place, so that two
   * processes starting together agree on one password and none reads a half-written file.
   */
  private static String readOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] random = new byte[PASSWORD_BYTES];
      new SecureRandom().nextBytes(random);
      Path temp = Files.createTempFile(file.getParent(), ".password-", ".new");
      try {
        Files.writeString(temp, HexFormat.of().formatHex(random) + "\n", StandardCharsets.UTF_8);
        Files.createLink(file, temp);
      } catch (FileAlreadyExistsException raced) {
        // another process made it first: use theirs
      } finally {
        Files.delete(temp);
      }
    }
    String password = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (password.isEmpty() || !password.matches("[0-9a-f]+")) {
      throw new StoreException(
          file
              + " does not hold a password made by Hangar (hex digits); restore it from a backup"
              + " of the data directory",
          null);
    }
    return password;
  }

  /**
   * Refuses to share the database when H2's servers would listen on more than the loopback address:
   * someone set {@code h2.bindAddress}, or H2 loaded before {@link Database}.
   */
  private static void checkLoopback() {
    String bound;
    try {
      bound =
          (String) Class.forName("org.h2.engine.SysProperties").getField("BIND_ADDRESS").get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "cannot read H2's h2.bindAddress setting; this H2 version is not one Hangar knows", e);
    }
    boolean loopback;
    try {
      loopback =
          bound != null && !bound.isEmpty() && InetAddress.getByName(bound).isLoopbackAddress();
    } catch (UnknownHostException e) {
      loopback = false;
    }
    if (!loopback) {
      throw new StoreException(
          "H2 would serve the shared database on "
              + (bound == null || bound.isEmpty() ? "every network interface" : bound)
              + "; Hangar shares it on the loopback address only: remove -D"
              + BIND_PROPERTY
              + " from the Java options",
          null);
    }
  }
}
