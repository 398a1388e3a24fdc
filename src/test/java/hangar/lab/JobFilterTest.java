package hangar.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobFilterTest {
  private static JobFilter of(Map<String, String> query) {
    return JobFilter.of(query::get);
  }

  @Test
  void blank_values_are_no_condition_and_dates_cover_the_whole_day() {
    JobFilter f = of(Map.of("owner", " ", "since", "2026-12-06", "until", "2026-12-06"));
    assertThat(f.owner()).isNull();
    assertThat(f.since()).isEqualTo(Instant.parse("2026-12-06T00:00:00Z"));
    assertThat(f.until()).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
    assertThat(of(Map.of())).isEqualTo(JobFilter.ALL);
  }

  @Test
  void bad_values_are_refused_with_what_they_must_be() {
    assertThatThrownBy(() -> of(Map.of("since", "yesterday")))
        .hasMessageContaining("since must be a date (2026-12-07) or an instant");
    assertThatThrownBy(() -> of(Map.of("since", "2026-12-07", "until", "2026-12-01")))
        .hasMessageContaining("must be before until");
    assertThatThrownBy(() -> of(Map.of("status", "sleeping"))).hasMessageContaining("Queued");
    // Owners and labels are only compared: one nobody could have matches nothing.
    assertThat(of(Map.of("label", "no spaces")).label()).isEqualTo("no spaces");
    assertThatThrownBy(() -> of(Map.of("name", "x".repeat(300)))).hasMessageContaining("at most");
  }
}
