package hangar.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void machine_like_names_take_letters_digits_and_their_punctuation() {
    assertThat(Names.host("board7.lab-1:22")).isEqualTo("board7.lab-1:22");
    assertThat(Names.label("x86_64+ssd")).isEqualTo("x86_64+ssd");
    assertThat(Names.atomicGroup("rack1")).isEqualTo("rack1");
    assertThat(Names.drone("lab-w1.example")).isEqualTo("lab-w1.example");
    assertThat(Names.login("alice@EXAMPLE.ORG")).isEqualTo("alice@EXAMPLE.ORG");
    assertThat(Names.aclGroup("Everyone")).isEqualTo("Everyone");
    assertThat(Names.host("x".repeat(Names.MAX_LENGTH))).hasSize(255);
  }

  @Test
  void machine_like_names_refuse_spaces_slashes_leading_punctuation_and_other_scripts() {
    for (String bad :
        List.of("", "a b", "a/b", "-a", ".a", "a\u0000b", "été", "a*", "x".repeat(256), "a\nb")) {
      assertThat(Names.isValid(Names.Kind.HOST, bad)).as(bad).isFalse();
      assertThat(Names.isValid(Names.Kind.LABEL, bad)).as(bad).isFalse();
    }
    assertThat(Names.isValid(Names.Kind.DRONE, "Worker1")).isFalse();
    assertThat(Names.isValid(Names.Kind.HOST, "a+b")).isFalse();
    assertThat(Names.isValid(Names.Kind.LABEL, "a+b")).isTrue();
    assertThat(Names.isValid(Names.Kind.LOGIN, "a:b")).isFalse();
  }

  @Test
  void job_names_are_free_text_with_spaces_but_no_control_or_bidi_characters() {
    assertThat(Names.job("Kernel build 2.6.30 (nightly) – été 😀")).startsWith("Kernel");
    for (String bad :
        List.of("", " lead", "trail ", "a\tb", "a\nb", "a\u001bb", "a\u202eb", "a\ud800b")) {
      assertThatThrownBy(() -> Names.job(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("job name '");
    }
    assertThat(Names.isValid(Names.Kind.JOB, "x".repeat(256))).isFalse();
  }

  @Test
  void a_refusal_names_the_kind_the_escaped_value_and_the_rule() {
    assertThatThrownBy(() -> Names.host("bad\u001b[31mhost\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "host name 'bad\\u001B[31mhost\\u000A' is not valid: use letters, digits, '.', '_',"
                + " ':' and '-', starting with a letter or digit, 1 to 255 characters");
    assertThatThrownBy(() -> Names.label(null))
        .hasMessage(
            "a label name is required; use letters, digits, '.', '_', ':', '+' and '-',"
                + " starting with a letter or digit, 1 to 255 characters");
  }

  @Test
  void a_long_value_is_cut_in_the_message_with_its_length_said() {
    assertThatThrownBy(() -> Names.label("y".repeat(100_000)))
        .hasMessageStartingWith("label name '" + "y".repeat(64) + "...' (100000 characters)")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
  }

  @Test
  void lists_of_names_refuse_a_null_item() {
    assertThatThrownBy(() -> Names.checkAll(Names.Kind.HOST, java.util.Arrays.asList("a", null)))
        .hasMessageStartingWith("a host name is required");
    assertThatThrownBy(() -> Names.checkAll(Names.Kind.HOST, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
