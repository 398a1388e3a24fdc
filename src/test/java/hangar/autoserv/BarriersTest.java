package hangar.autoserv;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.host.LocalHost;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarriersTest {
  @TempDir Path dir;

  @Test
  void a_client_side_control_file_has_no_barrier() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir);
        LocalHost host = LocalHost.create(Clock.systemUTC())) {
      Barriers barriers = new Barriers(fixture.clientState());

      assertThatThrownBy(() -> barriers.barrier(host, "ready", Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("job.barrier is for server-side control files");
    }
  }

  @Test
  void a_barrier_outside_parallel_simple_is_refused() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir);
        LocalHost host = LocalHost.create(Clock.systemUTC())) {
      Barriers barriers = new Barriers(fixture.serverState(List.of("a", "b")));

      assertThatThrownBy(() -> barriers.barrier(host, "ready", Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "job.barrier('ready') holds the machines of a parallel_simple; call it inside one");
    }
  }

  @Test
  void a_barrier_with_no_host_of_its_own_is_refused_even_inside_parallel_simple() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir)) {
      Barriers barriers = new Barriers(fixture.serverState(List.of("a", "b")));
      barriers.participants(2);

      assertThatThrownBy(() -> barriers.barrier(null, "ready", Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("call it inside one");
    }
  }
}
