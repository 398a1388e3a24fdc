package hangar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IniFileTest {
  @TempDir Path dir;

  private Path write(String content) throws IOException {
    return Files.writeString(dir.resolve("global_config.ini"), content);
  }

  @Test
  void reads_headers_both_separators_comments_blank_lines_and_empty_values() throws IOException {
    Path file =
        write(
            """
            \uFEFF# comment
            ; another comment
              [ SCHEDULER ]
              Drones = a, b
            results_host_installation_directory:
            url: http://x:80/a=b

            [AUTOTEST_WEB]
            """);

    IniFile ini = IniFile.read(file);

    assertThat(ini.sections())
        .extracting(IniSection::name)
        .containsExactly("SCHEDULER", "AUTOTEST_WEB");
    IniSection scheduler = ini.sections().iterator().next();
    assertThat(scheduler.line()).isEqualTo(3);
    assertThat(scheduler.entries())
        .containsExactly(
            new IniEntry(file, 4, "drones", "a, b"),
            new IniEntry(file, 5, "results_host_installation_directory", ""),
            new IniEntry(file, 6, "url", "http://x:80/a=b"));
  }

  @Test
  void a_comment_after_white_space_ends_the_value_but_one_inside_a_word_does_not()
      throws IOException {
    Path file =
        write(
            """
            [AUTOTEST_WEB]
            db_type: postgresql          # h2 (default) | postgresql | mysql
            password: s3cret#;x
            user: lab ; the account
            """);

    IniSection web = IniFile.read(file).sections().iterator().next();

    assertThat(web.entries())
        .containsExactly(
            new IniEntry(file, 2, "db_type", "postgresql"),
            new IniEntry(file, 3, "password", "s3cret#;x"),
            new IniEntry(file, 4, "user", "lab"));
  }

  @Test
  void a_key_outside_any_section_is_an_error() throws IOException {
    Path file = write("# settings\ndrones: localhost\n[SCHEDULER]\n");

    assertThatThrownBy(() -> GlobalConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ":2: drones: key outside any section; put it below a header such as"
                + " [SCHEDULER] or [AUTOTEST_WEB]");
  }

  @Test
  void a_line_that_is_neither_section_key_nor_comment_is_an_error() throws IOException {
    Path file = write("[SCHEDULER]\ndrones localhost\n");

    assertThatThrownBy(() -> GlobalConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ":2: drones localhost: neither a [SECTION] header, a key: value or key = value"
                + " line, nor a # comment (a value cannot continue on the next line)");
  }

  @Test
  void a_continuation_line_is_rejected_with_a_hint() throws IOException {
    Path file = write("[SCHEDULER]\ndrones: d1,\n    d2\n");

    assertThatThrownBy(() -> GlobalConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":3: d2: neither a [SECTION] header")
        .hasMessageEndingWith("(a value cannot continue on the next line)");
  }

  @Test
  void a_broken_section_header_is_an_error() throws IOException {
    Path file = write("[SCHEDULER\ndrones: d1\n");

    assertThatThrownBy(() -> GlobalConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":1: [SCHEDULER: not a valid section header; write it as [SECTION]");
  }

  @Test
  void a_value_without_a_key_is_an_error() throws IOException {
    Path file = write("[SCHEDULER]\n: d1\n");

    assertThatThrownBy(() -> GlobalConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":2: : d1: value without a key; write it as key: value");
  }

  @Test
  void a_long_bad_line_is_shortened_in_the_message() throws IOException {
    Path file = write("[SCHEDULER]\n" + "x".repeat(60) + "\n");

    assertThatThrownBy(() -> GlobalConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":2: " + "x".repeat(40) + "...: neither");
  }

  @Test
  void a_key_set_twice_in_one_section_is_an_error() throws IOException {
    Path file =
        write(
            "[SCHEDULER]\nmax_parse_processes: 5\n[AUTOTEST_WEB]\n[SCHEDULER]\nMAX_PARSE_PROCESSES = 6\n");

    assertThatThrownBy(() -> GlobalConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            file
                + ":5: max_parse_processes: set twice in [SCHEDULER], first on line 2; keep one"
                + " of the two lines");
  }

  @Test
  void the_same_key_in_two_sections_is_fine() throws IOException {
    Path file = write("[TKO]\nhost: a\n[AUTOTEST_WEB]\nhost: b\n");

    assertThat(GlobalConfig.load(file).database().host()).isEqualTo("b");
  }

  @Test
  void a_missing_file_is_an_error() {
    Path file = dir.resolve("nope.ini");

    assertThatThrownBy(() -> GlobalConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": file does not exist")
        .hasCauseInstanceOf(NoSuchFileException.class);
  }

  @Test
  void an_unreadable_file_is_an_error() throws IOException {
    Path directory = Files.createDirectory(dir.resolve("global_config.ini"));

    assertThatThrownBy(() -> GlobalConfig.load(directory))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(directory + ": cannot read: ")
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void a_file_that_is_not_utf8_is_an_error() throws IOException {
    Path file =
        Files.write(dir.resolve("latin1.ini"), new byte[] {'[', 'S', ']', '\n', (byte) 0xE9});

    assertThatThrownBy(() -> GlobalConfig.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": cannot read: not UTF-8 text")
        .hasCauseInstanceOf(CharacterCodingException.class);
  }

  @Test
  void parse_keeps_line_numbers_of_the_given_lines() {
    IniFile ini = IniFile.parse(Path.of("x.ini"), List.of("", "[A]", "", "k=v"));

    assertThat(ini.sections().iterator().next().entries())
        .containsExactly(new IniEntry(Path.of("x.ini"), 4, "k", "v"));
  }
}
