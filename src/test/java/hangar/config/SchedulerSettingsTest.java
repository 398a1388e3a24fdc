package hangar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerSettingsTest {

  private static SchedulerSettings with(List<String> drones, int maxProcesses, Duration tick) {
    SchedulerSettings d = SchedulerSettings.defaults();
    return new SchedulerSettings(
        drones,
        d.droneInstallationDirectory(),
        d.resultsHost(),
        d.resultsHostInstallationDirectory(),
        d.archiveHost(),
        maxProcesses,
        d.maxJobsStartedPerCycle(),
        d.maxParseProcesses(),
        d.maxTransferProcesses(),
        d.secsToWaitForAtomicGroupHosts(),
        d.reverifyPeriod(),
        tick,
        Map.of(),
        d.cleanInterval(),
        d.reverifyMaxHostsAtOnce(),
        d.maxRunningJobs(),
        Map.of(),
        d.droneLostAfter());
  }

  @Test
  void the_constructor_copies_the_drone_list() {
    List<String> drones = new ArrayList<>(List.of("d1"));
    SchedulerSettings settings = with(drones, 1, Duration.ofSeconds(1));

    drones.add("d2");

    assertThat(settings.drones()).containsExactly("d1");
  }

  @Test
  void the_constructor_rejects_an_empty_drone_list() {
    assertThatThrownBy(() -> with(List.of(), 1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("drones must list at least one host");
  }

  @Test
  void the_constructor_rejects_a_drone_name_with_a_space() {
    assertThatThrownBy(() -> with(List.of("bad host"), 1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("drones must hold a host name")
        .hasMessageEndingWith("was 'bad host'");
  }

  @Test
  void the_constructor_rejects_a_limit_below_one() {
    assertThatThrownBy(() -> with(List.of("d1"), 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max_processes_per_drone must be >= 1, was 0");
  }

  @Test
  void the_constructor_rejects_a_zero_tick_interval() {
    assertThatThrownBy(() -> with(List.of("d1"), 1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tick_interval must be above zero, was PT0S");
  }

  @Test
  void username_for_rejects_null() {
    assertThatThrownBy(() -> SchedulerSettings.defaults().usernameFor(null))
        .isInstanceOf(NullPointerException.class);
  }
}
