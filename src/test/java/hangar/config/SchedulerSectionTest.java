package hangar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchedulerSectionTest {
  @TempDir Path dir;

  /** Writes the line as line 3 of a [SCHEDULER] section and loads the file. */
  private Path fileWith(String line) throws IOException {
    return Files.writeString(
        dir.resolve("global_config.ini"), "# test\n[SCHEDULER]\n" + line + "\ndrones: localhost\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "max_processes_per_drone: -3 | max_processes_per_drone: must be a whole number >= 1,"
            + " was -3",
        "max_processes_per_drone: 0 | max_processes_per_drone: must be a whole number >= 1, was 0",
        "max_jobs_started_per_cycle: lots | max_jobs_started_per_cycle: must be a whole number"
            + " >= 1, was lots",
        "max_parse_processes: | max_parse_processes: must be a whole number >= 1, was ''",
        "max_parse_processes: \u0968 | max_parse_processes: must be a whole number >= 1, was"
            + " \u0968",
        "max_transfer_processes: 2.5 | max_transfer_processes: must be a whole number >= 1,"
            + " was 2.5",
        "max_transfer_processes: 99999999999 | max_transfer_processes: must be a whole number"
            + " >= 1, was 99999999999",
        "secs_to_wait_for_atomic_group_hosts: -1 | secs_to_wait_for_atomic_group_hosts: must be a"
            + " whole number >= 0, was -1",
        "reverify_period_minutes: soon | reverify_period_minutes: must be a whole number >= 0,"
            + " was soon",
        "clean_interval_minutes: 0 | clean_interval_minutes: must be a whole number >= 1, was 0",
        "reverify_max_hosts_at_once: -2 | reverify_max_hosts_at_once: must be a whole number"
            + " >= 0, was -2",
        "tick_pause_sec: 0 | tick_pause_sec: must be a number of seconds above 0 such as 5 or 0.5"
            + " (at most 3 decimals), was 0",
        "tick_pause_sec: 0.0001 | tick_pause_sec: must be a number of seconds above 0 such as 5"
            + " or 0.5 (at most 3 decimals), was 0.0001",
        "tick_pause_sec: fast | tick_pause_sec: must be a number of seconds above 0 such as 5 or"
            + " 0.5 (at most 3 decimals), was fast",
        "results_host: dump ster | results_host: must be a host name (letters, digits, '-' and"
            + " '.', no spaces or other characters), was 'dump ster'",
        "results_host: | results_host: must be a host name (letters, digits, '-' and '.', no"
            + " spaces or other characters), was ''",
        "archive_host: at_tic | archive_host: must be a host name (letters, digits, '-' and '.',"
            + " no spaces or other characters), was at_tic",
        "drone_installation_directory: usr/local | drone_installation_directory: must be an"
            + " absolute path such as /usr/local/hangar, was usr/local",
        "results_host_installation_directory: results | results_host_installation_directory:"
            + " must be empty or an absolute path, was results",
        "dumpster_username: offloader** | dumpster_username: must be a user name (letters,"
            + " digits, '_', '.' and '-', not starting with a digit, '.' or '-'), was offloader**",
        "dumpster_username: | dumpster_username: must be a user name (letters, digits, '_', '.'"
            + " and '-', not starting with a digit, '.' or '-'), was ''",
        "bad!host_username: me | bad!host_username: a <host>_username key must start with a host"
            + " name (letters, digits, '-' and '.', no spaces or other characters), was bad!host",
        "_username: me | _username: a <host>_username key must start with a host name (letters,"
            + " digits, '-' and '.', no spaces or other characters), was ''",
      })
  void a_wrong_value_names_file_line_key_and_accepted_values(String line, String expected)
      throws IOException {
    Path file = fileWith(line);

    assertThatThrownBy(() -> GlobalConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":3: " + expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "drones: localhost,,d2 | found an empty name in 'localhost,,d2'",
        "drones: localhost, | found an empty name in 'localhost,'",
        "drones: | found an empty name in ''",
        "drones: drone one, d2 | 'drone one' is not a host name (letters, digits, '-' and '.', no"
            + " spaces or other characters)",
        "drones: d1;d2 | d1;d2 is not a host name (letters, digits, '-' and '.', no spaces or"
            + " other characters)",
        "drones: -d1 | -d1 is not a host name (letters, digits, '-' and '.', no spaces or other"
            + " characters)",
        "drones: d1, D1 | D1 is listed twice",
      })
  void a_malformed_drone_list_is_rejected(String line, String detail) throws IOException {
    Path file =
        Files.writeString(dir.resolve("global_config.ini"), "[SCHEDULER]\n\n" + line + "\n");

    assertThatThrownBy(() -> GlobalConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ":3: drones: must be a comma-separated list of host names such as localhost,"
                + " drone1, drone2; "
                + detail);
  }

  @Test
  void tick_pause_sec_accepts_whole_and_decimal_seconds() throws IOException {
    assertThat(GlobalConfig.load(fileWith("tick_pause_sec: 12")).scheduler().tickInterval())
        .isEqualTo(Duration.ofSeconds(12));
    assertThat(GlobalConfig.load(fileWith("tick_pause_sec: 0.5")).scheduler().tickInterval())
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void an_ip_address_is_a_valid_host() throws IOException {
    Path file =
        Files.writeString(dir.resolve("global_config.ini"), "[SCHEDULER]\ndrones: 10.0.0.7\n");

    assertThat(GlobalConfig.load(file).scheduler().drones()).containsExactly("10.0.0.7");
  }
}
