package hangar.drone;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class LinesTest {
  @Test
  void reads_short_long_and_empty_lines_across_buffer_ends_and_a_last_line_without_newline()
      throws IOException {
    String huge = "x".repeat(200_000) + "é";
    String text = "one\n\n" + huge + "\ntwo\nlast";
    Lines lines = new Lines(trickle(text.getBytes(UTF_8)), new ByteArrayOutputStream());

    assertThat(lines.read()).isEqualTo("one");
    assertThat(lines.read()).isEmpty();
    assertThat(lines.read()).isEqualTo(huge);
    assertThat(lines.read()).isEqualTo("two");
    assertThat(lines.read()).isEqualTo("last");
    assertThat(lines.read()).isNull();
  }

  @Test
  void a_line_over_the_limit_is_refused() {
    byte[] endless = new byte[Lines.MAX_LINE_BYTES + 10];
    java.util.Arrays.fill(endless, (byte) 'a');
    Lines lines = new Lines(new ByteArrayInputStream(endless), new ByteArrayOutputStream());

    assertThatThrownBy(lines::read).isInstanceOf(IOException.class).hasMessageContaining("longer");
  }

  @Test
  void writes_one_line_per_call_and_refuses_a_newline_inside() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Lines lines = new Lines(new ByteArrayInputStream(new byte[0]), out);

    lines.write("{\"op\":\"ping\"}");

    assertThat(out.toString(UTF_8)).isEqualTo("{\"op\":\"ping\"}\n");
    assertThatThrownBy(() -> lines.write("a\nb")).isInstanceOf(IllegalArgumentException.class);
  }

  /** A stream that hands out at most 7,001 bytes per read, as a socket may. */
  private static InputStream trickle(byte[] bytes) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 7_001));
      }
    };
  }
}
