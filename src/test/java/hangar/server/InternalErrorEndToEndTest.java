package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure nobody planned for, made real: a table is dropped under a running server (PostgreSQL).
 * The answer is a 500 in the API's shape that gives a reference to the server log, and nothing of
 * the exception, the SQL or the database.
 */
class InternalErrorEndToEndTest {
  @TempDir Path dir;

  private DatabaseSettings database;
  private ServerRole server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (database != null) {
      TestDatabases.drop(database);
    }
  }

  @Test
  void an_unexpected_failure_answers_500_with_a_log_reference_and_no_internals()
      throws IOException, SQLException {
    database = TestDatabases.fresh(DbType.POSTGRESQL);
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), database);
    server =
        ServerRole.start(
            GlobalConfig.load(config),
            dir.resolve("var"),
            "127.0.0.1",
            0,
            false,
            Clock.systemUTC());
    FuzzClient client = new FuzzClient("http://127.0.0.1:" + server.port(), server.adminToken());
    String url =
        "jdbc:postgresql://" + TestDatabases.POSTGRES_HOST + ":5432/" + database.database();
    try (Connection connection = DriverManager.getConnection(url, database.user(), "");
        Statement sql = connection.createStatement()) {
      sql.execute("DROP TABLE atomic_groups CASCADE");
    }

    HttpResponse<String> answer = client.send("GET", "/api/v1/atomicgroups", null);

    assertThat(answer.statusCode()).isEqualTo(500);
    assertThat(FuzzClient.read(answer.body()).get("title").asText())
        .matches("internal error \\(reference [0-9a-f]{8}\\); the server log has the details");
    for (String leak : FuzzClient.LEAKS) {
      assertThat(answer.body()).doesNotContain(leak);
    }
    assertThat(answer.body()).doesNotContain("atomic_groups").doesNotContain("relation");
  }
}
