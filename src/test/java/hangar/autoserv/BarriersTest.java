package hangar.autoserv;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.host.LocalHost;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

  @Test
  void a_barrier_that_timed_out_is_forgotten_and_its_name_starts_afresh() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir)) {
      Barriers barriers = new Barriers(fixture.serverState(List.of("a", "b")));

      assertThatThrownBy(() -> barriers.arrive("a", "ready", 2, Duration.ofMillis(50)))
          .isInstanceOf(BarrierTimeoutException.class)
          .hasMessage("barrier 'ready' timed out after 0 s: 1 (a) of 2 hosts arrived");
      // b alone: a's arrival at the barrier that timed out does not count for this one.
      assertThatThrownBy(() -> barriers.arrive("b", "ready", 2, Duration.ofMillis(50)))
          .isInstanceOf(BarrierTimeoutException.class)
          .hasMessageContaining("1 (b) of 2 hosts arrived");

      CompletableFuture<Void> a =
          CompletableFuture.runAsync(
              () -> {
                try {
                  barriers.arrive("a", "ready", 2, Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      barriers.arrive("b", "ready", 2, Duration.ofSeconds(30));
      a.get(30, TimeUnit.SECONDS);
    }
  }
}
