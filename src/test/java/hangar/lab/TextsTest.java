package hangar.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextsTest {
  @Test
  void one_line_text_takes_any_printable_character_and_null() {
    assertThat(Texts.line("lock reason", "flaky disk – été 😀 (see #42)", 1000)).isNotNull();
    assertThat(Texts.line("lock reason", null, 10)).isNull();
  }

  @Test
  void one_line_text_refuses_breaks_tabs_controls_bidi_and_broken_pairs_saying_where() {
    assertThatThrownBy(() -> Texts.line("lock reason", "ab\u202ecd", 1000))
        .hasMessage(
            "lock reason must be one line without tabs or control, bidi or broken characters;"
                + " found \\u202E at character 3");
    for (String bad : new String[] {"a\nb", "a\tb", "a\u0000", "a\u0085", "\ud800x", "a\u2028"}) {
      assertThat(Texts.isPrintable(bad, false)).as(bad).isFalse();
    }
  }

  @Test
  void multi_line_text_takes_tabs_and_line_breaks_but_not_nul_or_bidi_controls() {
    assertThat(Texts.lines("the control file", "job.run()\r\n\tx = 1\n", 100)).isNotNull();
    assertThatThrownBy(() -> Texts.lines("the control file", "a\u0000b", 100))
        .hasMessageContaining("found \\u0000 at character 2");
    assertThatThrownBy(() -> Texts.lines("the control file", "// \u202e }", 100))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void text_over_the_bound_is_refused_with_its_length() {
    assertThatThrownBy(() -> Texts.line("description", "x".repeat(1001), 1000))
        .hasMessage("description must be at most 1000 characters, was 1001");
  }

  @Test
  void escape_shows_unsafe_characters_as_escapes_and_keeps_the_rest() {
    assertThat(Texts.escape("a\u001b[31m\r\n\u202e😀\\u0041"))
        .isEqualTo("a\\u001B[31m\\u000D\\u000A\\u202E😀\\u0041");
    assertThat(Texts.escape("plain")).isSameAs("plain");
    assertThat(Texts.escape("\ud800")).isEqualTo("\\uD800");
  }
}
