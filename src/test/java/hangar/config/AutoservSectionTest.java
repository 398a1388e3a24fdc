package hangar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutoservSectionTest {
  @TempDir Path dir;

  private Path write(String content) throws IOException {
    return Files.writeString(dir.resolve("global_config.ini"), content);
  }

  @Test
  void without_the_section_the_interpreter_runs_as_nobody_with_256_mb_and_60_s() {
    AutoservSettings autoserv = GlobalConfig.defaults().autoserv();

    assertThat(autoserv.runAs()).isEmpty();
    assertThat(autoserv.interpreterHeapMb()).isEqualTo(256);
    assertThat(autoserv.interpreterCpuSeconds()).isEqualTo(60);
  }

  @Test
  void every_key_is_read() throws IOException {
    Path file =
        write(
            """
            [AUTOSERV]
            tests_path: /srv/tests
            min_free_disk_mb: 500
            boot_wait_seconds: 900
            run_as: hangar-run
            interpreter_heap_mb: 512
            interpreter_cpu_seconds: 120
            """);

    GlobalConfig config = GlobalConfig.load(file);

    assertThat(config.warnings()).isEmpty();
    assertThat(config.autoserv())
        .isEqualTo(
            new AutoservSettings(
                List.of(Path.of("/srv/tests")), 500, 900, Optional.of("hangar-run"), 512, 120));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "run_as | root | must name an unprivileged user, not root",
        "run_as | Alice; rm | must be a user name",
        "run_as | ../x | must be a user name",
        "interpreter_heap_mb | 16 | must be a whole number of at least 32",
        "interpreter_heap_mb | lots | must be a whole number of at least 32",
        "interpreter_cpu_seconds | 0 | must be a whole number of at least 1",
      })
  void a_wrong_value_is_refused_naming_the_key(String key, String value, String error)
      throws IOException {
    Path file = write("[AUTOSERV]\n" + key + ": " + value + "\n");

    assertThatThrownBy(() -> GlobalConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(key)
        .hasMessageContaining(error);
  }
}
