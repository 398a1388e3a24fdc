package hangar.autoserv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusLogTest {
  private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

  @TempDir Path dir;

  @Test
  void writes_autotest_lines_with_tabs_dashes_fields_and_one_tab_per_open_group() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:11:06Z"), LOS_ANGELES);
    Path file = dir.resolve("status.log");
    try (StatusLog log = StatusLog.open(file, clock, StatusListener.NONE)) {
      log.start("", "", "");
      log.start("sleeptest", "sleeptest", "");
      log.record(StatusCode.GOOD, "sleeptest", "sleeptest", "completed successfully");
      log.end(StatusCode.GOOD, "");
      log.end(StatusCode.GOOD, "");
    }

    String stamp = "timestamp=1795342266\tlocaltime=Nov 22 02:11:06\t";
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo(
            "START\t----\t----\t"
                + stamp
                + "\n"
                + "\tSTART\tsleeptest\tsleeptest\t"
                + stamp
                + "\n"
                + "\t\tGOOD\tsleeptest\tsleeptest\t"
                + stamp
                + "completed successfully\n"
                + "\tEND GOOD\tsleeptest\tsleeptest\t"
                + stamp
                + "\n"
                + "END GOOD\t----\t----\t"
                + stamp
                + "\n");
  }

  @Test
  void localtime_is_english_and_zero_padded_whatever_the_default_locale() {
    // Surefire runs the tests under hi-IN, where "MMM" alone would print a Hindi month name.
    StatusEntry entry =
        new StatusEntry(
            StatusCode.FAIL,
            false,
            "shell",
            "shell",
            "command exited with status 1",
            Instant.parse("2026-03-05T17:04:09Z"),
            0);

    assertThat(entry.render(LOS_ANGELES))
        .isEqualTo(
            "FAIL\tshell\tshell\ttimestamp=1772730249\tlocaltime=Mar 05 09:04:09"
                + "\tcommand exited with status 1");
  }

  @Test
  void a_multi_line_message_keeps_its_first_line_parsable_and_indents_the_rest_by_two_spaces() {
    StatusEntry entry =
        new StatusEntry(
            StatusCode.ERROR,
            false,
            "",
            "",
            "first\tline\nsecond line",
            Instant.ofEpochSecond(0),
            1);

    assertThat(entry.render(ZoneId.of("UTC")))
        .isEqualTo(
            "\tERROR\t----\t----\ttimestamp=0\tlocaltime=Jan 01 00:00:00\tfirst        line\n"
                + "  second line");
  }

  @Test
  void end_lines_sit_at_the_indent_of_their_start_and_the_worst_outcome_wins() throws Exception {
    List<StatusEntry> heard = new ArrayList<>();
    Clock clock = Clock.fixed(Instant.ofEpochSecond(100), LOS_ANGELES);
    try (StatusLog log = StatusLog.open(dir.resolve("status.log"), clock, heard::add)) {
      log.start("", "", "");
      log.start("a", "a", "");
      log.record(StatusCode.WARN, "a", "a", "slow");
      log.end(StatusCode.WARN, "slow");
      log.start("b", "b", "");
      log.record(StatusCode.FAIL, "b", "b", "broke");
      log.endAll(StatusCode.FAIL, "broke");

      assertThat(log.worst()).isEqualTo(Verdict.FAIL);
      assertThat(log.worstReason()).isEqualTo("b: broke");
      assertThat(log.depth()).isZero();
    }

    assertThat(heard)
        .extracting(e -> e.indent() + " " + e.statusWord() + " " + e.operation())
        .containsExactly(
            "0 START ",
            "1 START a",
            "2 WARN a",
            "1 END WARN a",
            "1 START b",
            "2 FAIL b",
            "1 END FAIL b",
            "0 END FAIL ");
  }

  @Test
  void each_line_is_on_disk_before_the_call_returns() throws Exception {
    Path file = dir.resolve("status.log");
    try (StatusLog log =
        StatusLog.open(file, Clock.fixed(Instant.EPOCH, LOS_ANGELES), StatusListener.NONE)) {
      log.start("", "", "");

      assertThat(Files.readAllLines(file)).hasSize(1);
    }
  }

  @Test
  void rejects_an_end_with_no_open_group_and_a_subdir_with_a_tab() throws Exception {
    try (StatusLog log =
        StatusLog.open(
            dir.resolve("status.log"),
            Clock.fixed(Instant.EPOCH, LOS_ANGELES),
            StatusListener.NONE)) {
      assertThatThrownBy(() -> log.end(StatusCode.GOOD, ""))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> log.record(StatusCode.GOOD, "a\tb", "x", ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("subdir");
    }
  }
}
