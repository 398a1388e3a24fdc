package hangar.store;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells a failure of the storage under the server (the database cannot be reached, or the disk it
 * writes to is full or failing) from a bug. Such a failure is not the request's fault and passes
 * when the database or the space comes back: the API answers 503 and the scheduler pauses.
 */
public final class StorageFailures {
  /** H2: the database was closed, after a write to its file failed for one. */
  private static final int H2_DATABASE_IS_CLOSED = 90098;

  /** H2: a file operation failed ({@code IO_EXCEPTION_1}, {@code IO_EXCEPTION_2}). */
  private static final int H2_IO_EXCEPTION_1 = 90028;

  private static final int H2_IO_EXCEPTION_2 = 90031;

  /** H2: the connection to an {@code AUTO_SERVER} database's server broke. */
  private static final int H2_CONNECTION_BROKEN = 90067;

  /** The class of H2's store failures; H2 is a runtime-only dependency, so it is named. */
  private static final String H2_STORE_EXCEPTION = "org.h2.mvstore.MVStoreException";

  private static final int MAX_CAUSES = 20;

  private StorageFailures() {}

  /** What kind of storage failure a throwable is. */
  public enum Kind {
    /** The database server cannot be reached, or the embedded database is closed. */
    DATABASE_UNAVAILABLE,
    /** A disk the server writes to is full or refuses writes. */
    STORAGE_FULL
  }

  /**
   * A storage failure: its kind and the cause in a few words, for an error message.
   *
   * @param kind what failed
   * @param cause the deepest message that says why (driver or operating system words)
   */
  public record Failure(Kind kind, String cause) {
    /** A sentence for a client: what failed, why, and that it passes. */
    public String describe() {
      return switch (kind) {
        case DATABASE_UNAVAILABLE ->
            "the database is unavailable ("
                + cause
                + "); nothing was changed, try again once it is back";
        case STORAGE_FULL ->
            "the server's storage is full or failing ("
                + cause
                + "); nothing was stored, free space in the data directory and try again";
      };
    }
  }

  /**
   * Whether {@code e}, or one of its causes, is a storage failure.
   *
   * @return the failure, or empty for any other exception
   */
  public static Optional<Failure> of(Throwable e) {
    boolean database = false;
    String why = null;
    int depth = 0;
    for (Throwable t = e; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
      if (isDiskFull(t) || t instanceof RoomToOpen.NoRoomException) {
        return Optional.of(new Failure(Kind.STORAGE_FULL, t.getMessage()));
      }
      if (isUnreachable(t) || isH2StoreFailure(t)) {
        database = true;
        why = firstLine(t.getMessage());
      }
      if (t instanceof SQLException sql
          && sql.getNextException() != null
          && sql.getCause() == null) {
        // Drivers chain the reason this way too.
        Optional<Failure> next = of(sql.getNextException());
        if (next.isPresent()) {
          return next;
        }
      }
    }
    return database ? Optional.of(new Failure(Kind.DATABASE_UNAVAILABLE, why)) : Optional.empty();
  }

  /** True when {@code e}, or one of its causes, is a storage failure. */
  public static boolean isStorageFailure(Throwable e) {
    return of(e).isPresent();
  }

  private static boolean isUnreachable(Throwable t) {
    if (t instanceof SQLTransientConnectionException
        || t instanceof SQLNonTransientConnectionException
        || t instanceof SQLRecoverableException
        || t instanceof ConnectException
        || t instanceof SocketTimeoutException
        || t instanceof UnknownHostException) {
      return true;
    }
    if (t instanceof SQLException sql) {
      String state = sql.getSQLState();
      int code = sql.getErrorCode();
      return (state != null && state.startsWith("08"))
          || code == H2_DATABASE_IS_CLOSED
          || code == H2_IO_EXCEPTION_1
          || code == H2_IO_EXCEPTION_2
          || code == H2_CONNECTION_BROKEN;
    }
    return false;
  }

  private static boolean isH2StoreFailure(Throwable t) {
    return t.getClass().getName().equals(H2_STORE_EXCEPTION);
  }

  /** ENOSPC and EDQUOT, as the JDK words them on Linux. */
  private static boolean isDiskFull(Throwable t) {
    if (!(t instanceof IOException) || t.getMessage() == null) {
      return false;
    }
    String message = t.getMessage().toLowerCase(Locale.ROOT);
    return message.contains("no space left on device") || message.contains("disk quota exceeded");
  }

  private static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "no reason given";
    }
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).strip();
  }
}
