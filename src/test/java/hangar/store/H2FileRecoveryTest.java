package hangar.store;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit H2 wrote before the process died is there when the embedded database opens again. H2's
 * own open of a file closed uncleanly can go back to before the last commits, though they are
 * complete in the file (its header points one chunk short of a commit written where the chunk
 * before did not predict it); on a full disk this lost acknowledged jobs. The test commits rows of
 * varying sizes, deleting some so that chunks land in free space inside the file, and takes a copy
 * of the file after each commit, as a {@code kill -9} would leave it, until H2 alone would open a
 * copy without its last commit. Hangar's open ({@link H2FileRecovery}) must find every row.
 */
class H2FileRecoveryTest {
  private static final DatabaseSettings SETTINGS =
      new DatabaseSettings(DbType.H2, "", 0, "hangar", "hangar", "");
  private static final int MOST_COMMITS = 5000;

  @TempDir Path live;
  @TempDir Path crashed;

  @Test
  void a_file_closed_uncleanly_opens_with_its_last_commit() throws Exception {
    Path liveFile = live.resolve(H2Login.FOLDER).resolve("hangar.mv.db");
    Path image = crashed.resolve(H2Login.FOLDER).resolve("hangar.mv.db");
    List<Integer> committed;
    int last = 0;
    try (Database database = Database.open(SETTINGS, live)) {
      database
          .jdbi()
          .useHandle(
              h -> {
                h.execute("CREATE TABLE probe (id INT PRIMARY KEY, v VARCHAR(8000))");
                // Free space is reused at once: the file stays small and chunks land in its gaps.
                h.execute("SET RETENTION_TIME 0");
              });
      Files.createDirectories(image.getParent());
      Files.copy(
          live.resolve(H2Login.FOLDER).resolve("hangar.password"),
          image.resolveSibling("hangar.password"));
      Random random = new Random(11);
      while (last < MOST_COMMITS && !loses(image)) {
        int id = ++last;
        database
            .jdbi()
            .useHandle(
                h ->
                    h.execute(
                        "MERGE INTO probe (id, v) VALUES (?, ?)",
                        id,
                        "x".repeat(random.nextInt(4000))));
        if (random.nextInt(8) == 0) {
          database.jdbi().useHandle(h -> h.execute("DELETE FROM probe WHERE id < ?", id - 20));
        }
        Files.copy(liveFile, image, StandardCopyOption.REPLACE_EXISTING);
      }
      committed = ids(database);
    }
    assertThat(loses(image))
        .as(
            "within %d commits, a copy of the file that H2 alone opens without its last commit",
            last)
        .isTrue();
    assertThat(idsAsH2AloneOpens(image))
        .as("H2 alone opens the copy without the last commit")
        .doesNotContain(last);

    try (Database reopened = Database.open(SETTINGS, crashed)) {
      List<Integer> found = ids(reopened);
      assertThat(found).as("every committed row, the last one included").isEqualTo(committed);
    }
  }

  private static List<Integer> ids(Database database) {
    return database
        .jdbi()
        .withHandle(
            h -> h.createQuery("SELECT id FROM probe ORDER BY id").mapTo(Integer.class).list());
  }

  /** Whether H2's own open of the file finds an older version than a scan of the whole file. */
  private static boolean loses(Path file) {
    if (!Files.exists(file)) {
      return false;
    }
    long quick;
    try (MVStore plain = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
      quick = plain.getCurrentVersion();
    }
    try (MVStore scanned =
        new MVStore.Builder().fileName(file.toString()).readOnly().recoveryMode().open()) {
      return scanned.getCurrentVersion() > quick;
    }
  }

  /** The rows H2 finds opening a copy of the file without Hangar's file system. */
  private static List<Integer> idsAsH2AloneOpens(Path file) throws Exception {
    Path copy = Files.createTempDirectory("h2-alone");
    try {
      Files.copy(file, copy.resolve("hangar.mv.db"));
      String password =
          Files.readString(file.resolveSibling("hangar.password"), StandardCharsets.UTF_8).strip();
      try (Connection connection =
              DriverManager.getConnection(
                  "jdbc:h2:" + copy.resolve("hangar"), SETTINGS.user(), password);
          ResultSet rows =
              connection.createStatement().executeQuery("SELECT id FROM probe ORDER BY id")) {
        List<Integer> ids = new ArrayList<>();
        while (rows.next()) {
          ids.add(rows.getInt(1));
        }
        return ids;
      }
    } finally {
      try (var files = Files.list(copy)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(copy);
    }
  }
}
