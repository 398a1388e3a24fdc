package hangar.autoserv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.host.LocalHost;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RebootsTest {
  @TempDir Path dir;

  @Test
  void the_drone_itself_is_not_rebooted_and_the_group_fails_saying_why() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir);
        LocalHost drone = LocalHost.create(Clock.systemUTC())) {
      Reboots reboots = new Reboots(fixture.clientState());

      boolean back = reboots.reboot(fixture.status, drone, "reboot", Duration.ofMinutes(1));

      assertThat(back).isFalse();
      String reason =
          "cannot reboot localhost: it is the drone itself; run the job on a host reached over SSH";
      assertThat(fixture.statusLines())
          .containsExactly(
              "START\t----\treboot\t",
              "\tFAIL\t----\treboot.start\t" + reason,
              "END FAIL\t----\treboot\t" + reason);
    }
  }

  @Test
  void an_aborted_session_starts_no_reboot() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir);
        LocalHost drone = LocalHost.create(Clock.systemUTC())) {
      SessionState state = fixture.clientState();
      state.markAborted();

      assertThatThrownBy(
              () -> new Reboots(state).reboot(fixture.status, drone, "reboot", Duration.ZERO))
          .isInstanceOf(SessionAbortedException.class);
      assertThat(fixture.statusLines()).isEmpty();
    }
  }
}
