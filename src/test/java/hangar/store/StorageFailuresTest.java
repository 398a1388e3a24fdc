package hangar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which real failures count as the storage failing, and which as something else. */
class StorageFailuresTest {
  @Test
  void a_database_server_that_refuses_connections_is_unavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Throwable refused =
        catchThrowable(
            () ->
                DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + closedPort + "/hangar", "hangar", ""));

    assertThat(StorageFailures.of(refused))
        .hasValueSatisfying(
            f -> {
              assertThat(f.kind()).isEqualTo(StorageFailures.Kind.DATABASE_UNAVAILABLE);
              assertThat(f.describe()).startsWith("the database is unavailable (");
            });
  }

  @Test
  void a_full_disk_is_storage_full_however_deep_it_is_wrapped() {
    Exception wrapped =
        new IllegalStateException(
            "store failed",
            new SQLException(
                "General error",
                "HY000",
                50000,
                new UncheckedIOException(new IOException("No space left on device"))));

    assertThat(StorageFailures.of(wrapped))
        .hasValueSatisfying(f -> assertThat(f.kind()).isEqualTo(StorageFailures.Kind.STORAGE_FULL));
  }

  @Test
  void a_bad_statement_or_a_bug_is_no_storage_failure() {
    Throwable syntax =
        catchThrowable(
            () -> {
              try (var c = DriverManager.getConnection("jdbc:h2:mem:", "sa", "")) {
                c.createStatement().execute("SELECT FROM nowhere");
              }
            });

    assertThat(syntax).isInstanceOf(SQLException.class);
    assertThat(StorageFailures.of(syntax)).isEmpty();
    assertThat(StorageFailures.of(new IllegalStateException("a bug"))).isEmpty();
    assertThat(StorageFailures.of(new IOException("Permission denied"))).isEmpty();
  }
}
