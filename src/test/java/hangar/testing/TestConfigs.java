package hangar.testing;

import hangar.config.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** global_config.ini files for tests that start real servers and schedulers. */
public final class TestConfigs {
  private TestConfigs() {}

  /**
   * Writes a config naming the database and the given {@code [SCHEDULER]} lines (tests tick every
   * 0.2 s unless the lines say otherwise).
   *
   * @return the file
   */
  public static Path write(Path file, DatabaseSettings database, String... schedulerLines) {
    StringBuilder text =
        new StringBuilder()
            .append("[AUTOTEST_WEB]\n")
            .append("db_type: ")
            .append(database.type().name().toLowerCase(Locale.ROOT))
            .append('\n')
            .append("host: ")
            .append(database.host().isEmpty() ? "localhost" : database.host())
            .append('\n')
            .append(database.port() == 0 ? "" : "port: " + database.port() + "\n")
            .append("database: ")
            .append(database.database())
            .append('\n')
            .append("user: ")
            .append(database.user())
            .append('\n')
            .append("password: ")
            .append(database.password())
            .append("\n\n[SCHEDULER]\n");
    boolean tick = false;
    for (String line : schedulerLines) {
      text.append(line).append('\n');
      tick |= line.startsWith("tick_pause_sec");
    }
    if (!tick) {
      text.append("tick_pause_sec: 0.2\n");
    }
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the test config " + file, e);
    }
  }
}
