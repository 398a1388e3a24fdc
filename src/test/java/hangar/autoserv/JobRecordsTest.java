package hangar.autoserv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRecordsTest {
  @TempDir Path dir;

  @Test
  void a_record_writes_one_status_line_whatever_the_case_of_its_word() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir)) {
      JobRecords records = new JobRecords(fixture.clientState());

      records.record(fixture.status, "warn", "sub", "op", null);

      assertThat(fixture.statusLines()).containsExactly("WARN\tsub\top\t");
    }
  }

  @Test
  void a_word_that_is_no_status_is_refused_with_the_ones_that_are() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir)) {
      JobRecords records = new JobRecords(fixture.clientState());

      assertThatThrownBy(() -> records.record(fixture.status, "SUPER", "", "", ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must be one of INFO, GOOD")
          .hasMessageContaining("was 'SUPER'");
      assertThat(fixture.statusLines()).isEmpty();
    }
  }

  @Test
  void start_is_refused_because_groups_come_from_run_test_and_reboot() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir)) {
      JobRecords records = new JobRecords(fixture.clientState());

      assertThatThrownBy(() -> records.record(fixture.status, "START", "", "", ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot open a group with START");
    }
  }

  @Test
  void an_aborted_session_records_nothing() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir)) {
      SessionState state = fixture.clientState();
      state.markAborted();

      assertThatThrownBy(() -> new JobRecords(state).record(fixture.status, "INFO", "", "", ""))
          .isInstanceOf(SessionAbortedException.class);
      assertThat(fixture.statusLines()).isEmpty();
    }
  }

  @Test
  void perf_keyvals_are_typed_perf_unless_they_name_a_type() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir)) {
      JobRecords records = new JobRecords(fixture.clientState());
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("throughput", 12.5);
      values.put("build{attr}", "abc");

      records.writePerfKeyval(values);

      assertThat(Files.readAllLines(dir.resolve("keyval")))
          .contains("throughput{perf}=12.5", "build{attr}=abc");
    }
  }
}
