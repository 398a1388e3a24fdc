package hangar.drone;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.autoserv.SessionOutcome;
import hangar.autoserv.SessionSpec;
import hangar.autoserv.Verdict;
import hangar.lab.ControlType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions a request takes are recorded at once and start only when the daemon has answered it, so
 * that a burst of sessions' first steps does not hold up the answer.
 */
class SessionTableTest {
  @TempDir Path dir;

  private final AtomicInteger runs = new AtomicInteger();
  private final CountDownLatch threeRan = new CountDownLatch(3);

  private final SessionRunner runner =
      spec -> {
        runs.incrementAndGet();
        threeRan.countDown();
        return new SessionOutcome(Verdict.GOOD, "");
      };

  @Test
  void taken_sessions_are_recorded_running_and_start_only_when_launched() throws Exception {
    try (SessionJournal journal = SessionJournal.open(dir, DroneJson.create())) {
      SessionTable table = new SessionTable(journal, runner, Clock.systemUTC());

      List<SessionTable.Start> outcomes = table.startAll(List.of(spec("a"), spec("b"), spec("c")));

      assertThat(outcomes).containsOnly(SessionTable.Start.STARTED);
      assertThat(table.states()).allMatch(SessionState::running);
      // Were their threads started here, the three would run within this half second.
      assertThat(threeRan.await(500, TimeUnit.MILLISECONDS)).isFalse();
      assertThat(runs).hasValue(0);

      table.launchTaken();

      assertThat(threeRan.await(30, TimeUnit.SECONDS)).isTrue();
      table.launchTaken(); // nothing more to start: each session runs once
      table.close(Duration.ofSeconds(10));
      assertThat(runs).hasValue(3);
    }
  }

  @Test
  void a_taken_session_the_daemon_closes_on_ends_as_aborted_and_is_recorded() throws Exception {
    try (SessionJournal journal = SessionJournal.open(dir, DroneJson.create())) {
      SessionTable table = new SessionTable(journal, runner, Clock.systemUTC());
      table.startAll(List.of(spec("d")));

      table.close(Duration.ofSeconds(10));

      assertThat(runs).as("an aborted session's runner is not called").hasValue(0);
      assertThat(table.states())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.running()).isFalse();
                assertThat(s.outcome().verdict()).isEqualTo(Verdict.ABORT);
              });
    }
  }

  private SessionSpec spec(String id) {
    return new SessionSpec(
        id,
        7,
        "alice",
        "table test",
        ControlType.CLIENT,
        "job.run_test('sleeptest', seconds: 0)",
        List.of("localhost"),
        dir.resolve("results").resolve(id));
  }
}
