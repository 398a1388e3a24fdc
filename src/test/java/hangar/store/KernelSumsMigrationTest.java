package hangar.store;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.results.Analysis;
import hangar.results.Analysis.Filter;
import hangar.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A results database written before each kernel's results were summed gets its sums when it is
 * opened: two kernels then compare as they did from every row.
 */
class KernelSumsMigrationTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(DbType.class)
  void a_database_with_results_gets_each_kernels_sums_when_it_moves_to_v14(DbType type)
      throws Exception {
    DatabaseSettings settings = TestDatabases.fresh(type);
    try {
      String url = url(type, settings);
      String user = settings.user();
      Flyway.configure()
          .dataSource(url, user, settings.password())
          .placeholders(Dialect.of(type).migrationPlaceholders())
          .locations("classpath:db/migration")
          .target("13")
          .load()
          .migrate();
      try (Connection connection = DriverManager.getConnection(url, user, settings.password());
          Statement sql = connection.createStatement()) {
        // Two runs on 6.1.0 (throughput 100 and 120, one shell FAIL), one on 6.6.0 (90).
        for (int job = 1; job <= 3; job++) {
          String kernel = job < 3 ? "6.1.0" : "6.6.0";
          sql.execute(
              "INSERT INTO result_jobs (tag, job_id, machine, username, label, status, reason,"
                  + " kernel, parsed_on) VALUES ('"
                  + job
                  + "-alice/b1', "
                  + job
                  + ", 'b1', 'alice', 'nightly', 'GOOD', '', '"
                  + kernel
                  + "', CURRENT_TIMESTAMP)");
          sql.execute(
              "INSERT INTO result_tests (result_job_id, seq, subdir, name, status, reason, kernel)"
                  + " SELECT id, 0, 'dbench', 'dbench', 'GOOD', '', kernel FROM result_jobs"
                  + " WHERE job_id = "
                  + job);
          sql.execute(
              "INSERT INTO result_tests (result_job_id, seq, subdir, name, status, reason, kernel)"
                  + " SELECT id, 1, 'shell', 'shell', '"
                  + (job == 2 ? "FAIL" : "GOOD")
                  + "', '', kernel FROM result_jobs WHERE job_id = "
                  + job);
          sql.execute(
              "INSERT INTO result_iterations (test_id, iteration, kind, name, perf_value)"
                  + " SELECT t.id, 1, 'perf', 'throughput_mb_per_s', "
                  + (job == 1 ? 100 : job == 2 ? 120 : 90)
                  + " FROM result_tests t JOIN result_jobs j ON j.id = t.result_job_id"
                  + " WHERE t.name = 'dbench' AND j.job_id = "
                  + job);
        }
      }
      try (Database database = Database.open(settings, dir)) {
        Analysis.Comparison c =
            new ResultsAnalysisStore(database)
                .compare(
                    "6.1.0",
                    new Filter(null, null, null, null, "6.1.0"),
                    "6.6.0",
                    new Filter(null, null, null, null, "6.6.0"),
                    5.0);
        assertThat(c.changes()).hasSize(1);
        assertThat(c.changes().get(0).a()).isEqualTo(110.0);
        assertThat(c.changes().get(0).b()).isEqualTo(90.0);
        assertThat(c.outcomes())
            .filteredOn(o -> o.test().equals("shell"))
            .singleElement()
            .satisfies(
                shell -> {
                  assertThat(shell.a().byStatus())
                      .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("GOOD", 1L, "FAIL", 1L));
                  assertThat(shell.b().byStatus()).isEqualTo(java.util.Map.of("GOOD", 1L));
                });
      }
    } finally {
      TestDatabases.drop(settings);
    }
  }

  /** The URL the database had before: H2's as Hangar made it then, a server's plain one. */
  private String url(DbType type, DatabaseSettings s) throws Exception {
    return switch (type) {
      case H2 ->
          "jdbc:h2:file:"
              + Files.createDirectories(dir.resolve(H2Login.FOLDER)).resolve(s.database())
              + ";AUTO_SERVER=TRUE";
      case POSTGRESQL ->
          "jdbc:postgresql://" + TestDatabases.POSTGRES_HOST + ":5432/" + s.database();
      case MYSQL -> "jdbc:mariadb://" + TestDatabases.MARIADB_HOST + ":3306/" + s.database();
    };
  }
}
