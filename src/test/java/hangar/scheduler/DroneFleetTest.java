package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.config.DbType;
import hangar.drone.LocalDrone;
import hangar.drone.ShellSessionRunner;
import hangar.drone.WorkerDrone;
import hangar.store.Database;
import hangar.store.HostQueueEntryStore;
import hangar.testing.SettableClock;
import hangar.testing.TestDatabases;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet's poll with a real drone daemon and a worker whose link holds every request, as a link
 * whose cable was pulled does until its missed heartbeats are noticed (the worker then keeps the
 * request for up to {@link WorkerDrone#CALL_TIMEOUT}).
 */
class DroneFleetTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration ANSWER_WAIT = Duration.ofMillis(300);

  @TempDir static Path shared;
  @TempDir Path dir;

  private static Database database;
  private static LocalDrone local;

  private final SettableClock clock = new SettableClock();
  private WorkerDrone worker;
  private HeldLink link;
  private DroneFleet fleet;
  private SchedulerMetrics metrics;

  @BeforeAll
  static void startDrone() {
    database = TestDatabases.open(DbType.H2, shared);
    local = LocalDrone.create(shared.resolve("drone"), ShellSessionRunner.class);
  }

  @AfterAll
  static void stopDrone() {
    local.shutdown();
    database.close();
  }

  @BeforeEach
  void start() {
    worker = new WorkerDrone("w1", clock);
    link = new HeldLink(worker);
    worker.attach(link);
    worker.received(
        link,
        "{\"hello\":{\"name\":\"w1\",\"version\":\"test\",\"results_root\":\"/srv/w1\","
            + "\"heartbeat_millis\":60000}}");
    fleet = new DroneFleet(List.of(local, worker), dir.resolve("results"));
    fleet.giveUpAfter(Duration.ofSeconds(10), clock);
    fleet.answerWithin(ANSWER_WAIT);
    DroneSlots slots = new DroneSlots(2, clock);
    slots.watch(local);
    slots.watch(worker);
    metrics =
        new SchedulerMetrics(
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            new HostQueueEntryStore(database, clock),
            slots);
  }

  @Test
  void a_drone_that_holds_the_question_is_silent_without_holding_up_the_poll() {
    DroneFleet.Poll poll = assertTimeoutPreemptively(Duration.ofSeconds(10), this::poll);

    assertThat(poll.silent()).containsExactly("w1");
    assertThat(poll.running()).containsOnlyKeys(LocalDrone.NAME);
    assertThat(fleet.assign(2, poll, 2)).containsOnly(LocalDrone.NAME);
  }

  @Test
  void a_drone_busy_with_the_question_is_not_asked_again_nor_given_up_as_lost() {
    poll();
    clock.advance(Duration.ofMinutes(1));
    DroneFleet.Poll later = poll();

    assertThat(later.silent()).containsExactly("w1");
    assertThat(fleet.isLost("w1")).as("lost after a minute of thinking").isFalse();
    assertThat(fleet.silentFor("w1")).isZero();
    assertThat(link.requests().stream().distinct()).as("questions sent to w1").hasSize(1);
  }

  @Test
  void the_answer_a_busy_drone_gives_later_is_taken_by_the_next_poll() {
    poll();
    link.answerAll();
    DroneFleet.Poll next = poll();

    assertThat(next.silent()).isEmpty();
    assertThat(next.running()).containsEntry("w1", 0);
    assertThat(link.requests().stream().distinct()).hasSize(1);
  }

  private DroneFleet.Poll poll() {
    return fleet.poll(metrics);
  }

  /**
   * The master's end of a worker link whose worker has not answered yet: it keeps every request
   * until {@link #answerAll} answers them, as the worker would, with no sessions.
   */
  private static final class HeldLink implements WorkerDrone.Link {
    private final WorkerDrone drone;
    private final List<Long> requests = new CopyOnWriteArrayList<>();

    HeldLink(WorkerDrone drone) {
      this.drone = drone;
    }

    @Override
    public void send(String frame) {
      try {
        requests.add(JSON.readTree(frame).get("seq").asLong());
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("the master sent a frame that is not JSON: " + frame, e);
      }
    }

    @Override
    public void close(String why) {
      throw new AssertionError("the link was closed: " + why);
    }

    @Override
    public void refuse(String why) {
      throw new AssertionError("the link was refused: " + why);
    }

    List<Long> requests() {
      return requests;
    }

    void answerAll() {
      for (long seq : requests.stream().distinct().toList()) {
        try {
          drone.received(
              this,
              JSON.writeValueAsString(
                  Map.of("seq", seq, "reply", "{\"ok\":true,\"sessions\":[]}")));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("cannot write a reply frame", e);
        }
      }
    }
  }
}
