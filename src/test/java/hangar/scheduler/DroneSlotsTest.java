package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.autoserv.SessionOutcome;
import hangar.autoserv.Verdict;
import hangar.drone.DroneDaemon;
import hangar.drone.LocalDrone;
import hangar.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DroneSlotsTest {
  @TempDir Path dir;
  private final SettableClock clock = new SettableClock();

  @Test
  void a_drone_that_answers_is_online_with_its_version_heartbeat_and_free_slots() {
    DroneDaemon daemon =
        DroneDaemon.start(dir, spec -> new SessionOutcome(Verdict.GOOD, ""), clock);
    try {
      DroneSlots slots = new DroneSlots(4, clock);
      slots.watch(LocalDrone.attach(dir));

      DroneReport report = slots.report().get(0);

      assertThat(report.name()).isEqualTo("localhost");
      assertThat(report.kind()).isEqualTo(DroneSlots.KIND_LOCAL);
      assertThat(report.online()).isTrue();
      assertThat(report.running()).isZero();
      assertThat(report.free()).isEqualTo(4);
      assertThat(report.version()).isNotEmpty();
      assertThat(report.lastHeartbeat()).isEqualTo(clock.instant());
    } finally {
      daemon.close();
    }
  }

  @Test
  void a_drone_folder_without_daemon_is_offline_and_was_never_heard() {
    DroneSlots slots = new DroneSlots(4, clock);
    slots.watch(LocalDrone.attach(dir));

    DroneReport report = slots.report().get(0);

    assertThat(report.online()).isFalse();
    assertThat(report.version()).isNull();
    assertThat(report.lastHeartbeat()).isNull();
    assertThat(report.free()).isEqualTo(4);
  }

  @Test
  void a_drone_that_stops_answering_keeps_its_last_heartbeat_and_running_count() {
    DroneSlots slots = new DroneSlots(4, clock);
    slots.watch(LocalDrone.attach(dir));
    slots.answered("localhost", 3);
    Instant heard = clock.instant();
    clock.advance(Duration.ofMinutes(1));

    slots.unanswered("localhost");

    DroneReport report = slots.lastKnown().get(0);
    assertThat(report.online()).isFalse();
    assertThat(report.running()).isEqualTo(3);
    assertThat(report.free()).isEqualTo(1);
    assertThat(report.lastHeartbeat()).isEqualTo(heard);
  }

  @Test
  void free_slots_never_go_below_zero() {
    DroneReport over = new DroneReport("localhost", "local", true, 9, 4, "1.0", Instant.EPOCH);

    assertThat(over.free()).isZero();
  }

  @Test
  void a_capacity_below_one_is_refused_with_the_key_name() {
    assertThatThrownBy(() -> new DroneSlots(0, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max_processes_per_drone must be >= 1, was 0");
  }
}
