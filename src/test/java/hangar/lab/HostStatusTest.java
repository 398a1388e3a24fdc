package hangar.lab;

import static hangar.lab.HostStatus.CLEANING;
import static hangar.lab.HostStatus.PENDING;
import static hangar.lab.HostStatus.READY;
import static hangar.lab.HostStatus.REPAIRING;
import static hangar.lab.HostStatus.REPAIR_FAILED;
import static hangar.lab.HostStatus.RUNNING;
import static hangar.lab.HostStatus.VERIFYING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostStatusTest {
  @Test
  void a_job_takes_a_ready_host_and_gives_it_back() {
    assertThat(READY.canMoveTo(RUNNING)).isTrue();
    assertThat(RUNNING.canMoveTo(READY)).isTrue();
    assertThat(RUNNING.canMoveTo(CLEANING)).isTrue();
    assertThat(CLEANING.canMoveTo(READY)).isTrue();
  }

  @Test
  void a_failed_verify_brings_a_repair_that_ends_ready_or_repair_failed() {
    assertThat(VERIFYING.canMoveTo(REPAIRING)).isTrue();
    assertThat(REPAIRING.canMoveTo(READY)).isTrue();
    assertThat(REPAIRING.canMoveTo(REPAIR_FAILED)).isTrue();
  }

  @Test
  void a_repair_failed_host_waits_for_a_repair_or_verify() {
    assertThat(REPAIR_FAILED.canMoveTo(READY)).isFalse();
    assertThat(REPAIR_FAILED.canMoveTo(RUNNING)).isFalse();
    assertThat(REPAIR_FAILED.canMoveTo(VERIFYING)).isTrue();
    assertThat(REPAIR_FAILED.canMoveTo(REPAIRING)).isTrue();
  }

  @Test
  void jumps_the_machine_does_not_draw_are_refused() {
    assertThat(READY.canMoveTo(REPAIR_FAILED)).isFalse();
    assertThat(PENDING.canMoveTo(CLEANING)).isFalse();
    assertThat(CLEANING.canMoveTo(RUNNING)).isFalse();
    assertThat(READY.canMoveTo(READY)).isFalse();
  }
}
