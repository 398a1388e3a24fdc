package hangar.autoserv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RendezvousTest {
  @Test
  void every_host_goes_on_once_all_arrived_and_the_last_completes_it_once() throws Exception {
    Rendezvous rendezvous = new Rendezvous(2);
    AtomicInteger completed = new AtomicInteger();

    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Boolean> first =
          threads.submit(
              () -> rendezvous.arrive("a", Duration.ofMinutes(1), completed::incrementAndGet));
      Future<Boolean> second =
          threads.submit(
              () -> rendezvous.arrive("b", Duration.ofMinutes(1), completed::incrementAndGet));

      assertThat(first.get()).isTrue();
      assertThat(second.get()).isTrue();
    }
    assertThat(completed).hasValue(1);
    assertThat(rendezvous.arrived()).isEqualTo("2 (a, b)");
  }

  @Test
  void a_host_alone_times_out_and_is_named_in_what_arrived() throws Exception {
    Rendezvous rendezvous = new Rendezvous(2);

    boolean all = rendezvous.arrive("b", Duration.ZERO, () -> {});

    assertThat(all).isFalse();
    assertThat(rendezvous.arrived()).isEqualTo("1 (b)");
  }

  @Test
  void a_host_that_arrives_twice_counts_once() throws Exception {
    Rendezvous rendezvous = new Rendezvous(2);
    AtomicInteger completed = new AtomicInteger();

    rendezvous.arrive("a", Duration.ZERO, completed::incrementAndGet);
    boolean all = rendezvous.arrive("a", Duration.ZERO, completed::incrementAndGet);

    assertThat(all).isFalse();
    assertThat(completed).hasValue(0);
    assertThat(rendezvous.arrived()).isEqualTo("1 (a)");
  }
}
