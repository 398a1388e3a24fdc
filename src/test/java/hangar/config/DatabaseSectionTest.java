package hangar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseSectionTest {
  @TempDir Path dir;

  private Path write(String content) throws IOException {
    return Files.writeString(dir.resolve("global_config.ini"), content);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "db_type: oracle | db_type: must be one of h2, postgresql, mysql, mariadb, was oracle",
        "db_type: | db_type: must be one of h2, postgresql, mysql, mariadb, was ''",
        "port: 70000 | port: must be a whole number from 0 to 65535, was 70000",
        "port: -1 | port: must be a whole number from 0 to 65535, was -1",
        "port: http | port: must be a whole number from 0 to 65535, was http",
        "host: db server | host: must be a host name (letters, digits, '-' and '.', no spaces or"
            + " other characters), was 'db server'",
        "database: | database: must not be empty; remove the line for the default, hangar",
      })
  void a_wrong_value_names_file_line_key_and_accepted_values(String line, String expected)
      throws IOException {
    Path file = write("[AUTOTEST_WEB]\n" + line + "\n");

    assertThatThrownBy(() -> GlobalConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":2: " + expected);
  }

  @Test
  void a_server_database_needs_a_host() throws IOException {
    Path file = write("[AUTOTEST_WEB]\nhost:\ndb_type: postgresql\n");

    assertThatThrownBy(() -> GlobalConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ":2: host: must be a host name when db_type is postgresql; set it or remove"
                + " the line for localhost");
  }

  @Test
  void an_embedded_database_may_have_an_empty_host() throws IOException {
    Path file = write("[AUTOTEST_WEB]\nhost:\ndb_type: h2\n");

    DatabaseSettings database = GlobalConfig.load(file).database();

    assertThat(database.host()).isEmpty();
    assertThat(database.portOrDefault()).isZero();
  }

  @Test
  void user_and_password_may_be_empty() throws IOException {
    Path file = write("[AUTOTEST_WEB]\nuser:\npassword:\n");

    DatabaseSettings database = GlobalConfig.load(file).database();

    assertThat(database.user()).isEmpty();
    assertThat(database.password()).isEmpty();
  }

  @Test
  void the_constructor_rejects_a_port_out_of_range() {
    assertThatThrownBy(() -> new DatabaseSettings(DbType.MYSQL, "db", 65_536, "h", "u", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be from 0 to 65535, was 65536");
  }

  @Test
  void the_constructor_rejects_a_server_database_without_host() {
    assertThatThrownBy(() -> new DatabaseSettings(DbType.POSTGRESQL, " ", 0, "h", "u", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host must be set for POSTGRESQL, was blank");
  }
}
