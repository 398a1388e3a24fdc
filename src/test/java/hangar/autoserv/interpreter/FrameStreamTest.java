package hangar.autoserv.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameStreamTest {
  private static FrameStream over(String text, int maxLine) {
    return new FrameStream(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        new ByteArrayOutputStream(),
        maxLine);
  }

  @Test
  void a_frame_written_reads_back_the_same_with_json_values() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameStream writer = new FrameStream(new ByteArrayInputStream(new byte[0]), out, 1 << 20);
    Frame.Call call =
        new Frame.Call(
            "s-1",
            3,
            2,
            "job",
            "run_test",
            Arrays.asList(Map.of("seconds", 1, "ratio", new BigDecimal("1.5")), "sleeptest", null));

    writer.write(call);
    writer.write(new Frame.Done("s-1", Frame.Ending.failed("control file line 2: x", true)));

    FrameStream reader = over(out.toString(StandardCharsets.UTF_8), 1 << 20);
    assertThat(reader.read()).contains(call);
    assertThat(reader.read())
        .contains(new Frame.Done("s-1", Frame.Ending.failed("control file line 2: x", true)));
    assertThat(reader.read()).isEmpty();
  }

  @Test
  void a_line_longer_than_the_limit_ends_the_stream_with_an_error() {
    FrameStream reader = over("{\"op\":\"abort\",\"session\":\"" + "x".repeat(200) + "\"}\n", 100);

    assertThatThrownBy(reader::read)
        .isInstanceOf(IOException.class)
        .hasMessage("a frame is longer than 100 bytes; the stream is closed");
  }

  @Test
  void what_is_not_a_frame_is_an_error_that_says_so() {
    for (String line :
        List.of(
            "not json",
            "{\"op\":\"exec\",\"session\":\"s\"}",
            "{\"op\":\"abort\"}",
            "{\"op\":\"reply\",\"session\":\"s\",\"call\":null}",
            "[".repeat(500) + "]".repeat(500))) {
      assertThatThrownBy(() -> over(line + "\n", 1 << 20).read())
          .as(line)
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith(
              line.startsWith("{\"op\":\"abort\"}") ? "a frame names" : "not a frame");
    }
  }

  @Test
  void values_a_control_file_passes_become_json_and_others_are_refused() {
    assertThat(WireValues.encode(List.of(1, 2L, "a", true), "job.run_test"))
        .isEqualTo(List.of(1, 2L, "a", true));
    assertThat(WireValues.encode(1.5d, "job.run_test")).isEqualTo(new BigDecimal("1.5"));
    assertThat(WireValues.encode(new Object[] {null, 'c'}, "job.run_test"))
        .isEqualTo(Arrays.asList(null, "c"));
    assertThatThrownBy(() -> WireValues.encode(new Object(), "job.run_test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "job.run_test cannot take a Object: pass text, numbers, true/false, lists, maps or"
                + " hosts");
    assertThatThrownBy(() -> WireValues.encode(Map.of(WireValues.HOST_KEY, "x"), "job.run_test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("job.run_test: a map key may not be $hangar.host");
    List<Object> loop = new java.util.ArrayList<>();
    loop.add(loop);
    assertThatThrownBy(() -> WireValues.encode(loop, "job.record"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nest deeper than 100");
    assertThat(Optional.ofNullable(WireValues.encode(null, "x"))).isEmpty();
  }
}
