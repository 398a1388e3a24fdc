package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.drone.LocalDrone;
import hangar.lab.HostQueueEntry;
import hangar.lab.SchedulerInstance;
import hangar.store.SchedulerStore;
import hangar.testing.Polling;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** How a dispatcher stops: it resigns only once its tick thread has ended. */
class DispatcherStopTest extends OneDroneLab {
  @Test
  void a_dispatcher_whose_tick_does_not_end_keeps_its_entries_and_resigns_once_it_ends()
      throws Exception {
    TickParts parts = new TickParts(database, drone, dir, "stuck");
    HostQueueEntry entry = parts.starting(parts.submit("exit 0", parts.newHost()), LocalDrone.NAME);
    StuckClock stuck = new StuckClock(parts.clock());
    Dispatcher dispatcher = new Dispatcher(withClock(parts.deps(new Throttles(100, 100)), stuck));
    dispatcher.start();
    stuck.awaitStuck();

    dispatcher.stop(Duration.ofMillis(200));

    SchedulerStore schedulers = new SchedulerStore(database, parts.clock());
    assertThat(schedulers.list())
        .extracting(SchedulerInstance::name)
        .as("not resigned while its tick runs")
        .contains(parts.scheduler());
    assertThat(parts.entries().activeFor(parts.scheduler()))
        .extracting(HostQueueEntry::id)
        .contains(entry.id());

    stuck.release();
    dispatcher.stop(Dispatcher.STOP_WAIT);

    assertThat(schedulers.list())
        .extracting(SchedulerInstance::name)
        .doesNotContain(parts.scheduler());
  }

  @Test
  void tick_once_is_refused_while_the_loop_ticks() throws Exception {
    TickParts parts = new TickParts(database, drone, dir, "looping");
    Dispatcher dispatcher = new Dispatcher(parts.deps(new Throttles(100, 100)));
    dispatcher.start();
    try {
      assertThatThrownBy(dispatcher::tickOnce)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("call wake()");
    } finally {
      dispatcher.close();
    }
    dispatcher.tickOnce();
  }

  private static DispatcherDeps withClock(DispatcherDeps d, Clock clock) {
    return new DispatcherDeps(
        d.name(),
        d.hosts(),
        d.jobs(),
        d.entries(),
        d.schedulers(),
        d.fleet(),
        d.transfer(),
        d.parsing(),
        d.throttles(),
        d.tickInterval(),
        clock,
        d.metrics(),
        d.specialTasks());
  }

  /**
   * A clock whose reading blocks, deaf to interrupts, until released: a tick stuck in a call that
   * ignores interrupts, as a blocking socket read does.
   */
  private static final class StuckClock extends Clock {
    private final Clock time;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    StuckClock(Clock time) {
      this.time = time;
    }

    void awaitStuck() {
      Polling.await(
          "the tick to read the clock",
          () -> reached.getCount() == 0 ? Optional.of(true) : Optional.empty());
    }

    void release() {
      released.countDown();
    }

    @Override
    public Instant instant() {
      reached.countDown();
      boolean interrupted = false;
      while (released.getCount() > 0) {
        try {
          released.await();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return time.instant();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("a stuck clock has one zone");
    }
  }
}
