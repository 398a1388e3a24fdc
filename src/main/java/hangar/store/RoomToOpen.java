package hangar.store;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The embedded database's connections, opened only while the disk under its file has room. H2
 * closes its file when a write to it fails; opened again on a disk still full, it can acknowledge a
 * commit it then cannot keep (its next write is torn), and opening a file closed uncleanly writes
 * to it ({@link H2FileRecovery}). So while the disk has less than {@link #RESERVE_BYTES} free, a
 * new connection fails as a full disk does (the API answers 503 {@code STORAGE_FULL}) without
 * opening the file; connections open already are not affected.
 */
final class RoomToOpen implements DataSource {
  /** The free space a new connection to the embedded database needs: 16 MB. */
  static final long RESERVE_BYTES = 16L * 1024 * 1024;

  private final String url;
  private final String user;
  private final String password;
  private final Path folder;
  private final long reserve;
  private PrintWriter logWriter;
  private int loginTimeout;

  /**
   * @param url the embedded database's JDBC URL
   * @param folder the folder of its file, whose disk is checked
   * @param reserve the free bytes a new connection needs
   */
  RoomToOpen(String url, String user, String password, Path folder, long reserve) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.folder = folder;
    this.reserve = reserve;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return getConnection(user, password);
  }

  @Override
  public Connection getConnection(String username, String secret) throws SQLException {
    long free = freeBytes();
    if (free < reserve) {
      throw new NoRoomException(
          "the disk of "
              + folder
              + " has "
              + free / (1024 * 1024)
              + " MB free, under the "
              + reserve / (1024 * 1024)
              + " MB the embedded database needs to open its file");
    }
    Properties login = new Properties();
    login.setProperty("user", username);
    login.setProperty("password", secret);
    return DriverManager.getConnection(url, login);
  }

  private long freeBytes() throws SQLException {
    try {
      return Files.getFileStore(folder).getUsableSpace();
    } catch (IOException e) {
      throw new SQLException("cannot read the free space of " + folder + ": " + e.getMessage(), e);
    }
  }

  /** A new connection refused for want of free space on the embedded database's disk. */
  static final class NoRoomException extends SQLException {
    private static final long serialVersionUID = 1L;

    NoRoomException(String reason) {
      super(reason, "53100"); // SQL's class 53, insufficient resources: disk full
    }
  }

  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    logWriter = out;
  }

  @Override
  public void setLoginTimeout(int seconds) {
    loginTimeout = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no java.util.logging here; Hangar logs with SLF4J");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper of " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
