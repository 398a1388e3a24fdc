package hangar.autoserv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.host.LocalHost;
import hangar.testlib.TestLibrary;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BranchesTest {
  @TempDir Path dir;

  /** A branch that records one INFO line in its own session, once the other branch started. */
  private static BranchBody recording(String reason, CountDownLatch all) {
    return branch -> {
      // Both branches run at once: each waits here until the other has started too.
      all.countDown();
      all.await();
      branch.record("INFO", "", "", reason);
    };
  }

  private static Session.Tools tools() {
    return new Session.Tools(
        Interpreter.shared(InterpreterSettings.defaults()), TestLibrary.builtIn());
  }

  @Test
  void branches_run_side_by_side_and_their_lines_come_back_in_branch_order() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir);
        LocalHost host = LocalHost.create(Clock.systemUTC())) {
      Session session =
          new Session(fixture.clientState().spec(), host, fixture.status, fixture.debug, tools());
      CountDownLatch all = new CountDownLatch(2);

      session.parallel(List.of(recording("first", all), recording("second", all)));

      assertThat(fixture.statusLines())
          .containsExactly("INFO\t----\t----\tfirst", "INFO\t----\t----\tsecond");
      assertThat(dir.resolve("debug/parallel.1.status.log")).exists();
      assertThat(dir.resolve("debug/parallel.2.status.log")).exists();
    }
  }

  @Test
  void an_aborted_branch_marks_the_session_aborted_once_every_branch_ended() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir);
        LocalHost host = LocalHost.create(Clock.systemUTC())) {
      Session session =
          new Session(fixture.clientState().spec(), host, fixture.status, fixture.debug, tools());
      AtomicInteger ended = new AtomicInteger();
      CountDownLatch recorded = new CountDownLatch(1);
      BranchBody aborted =
          branch -> {
            recorded.await();
            ended.incrementAndGet();
            throw new InterruptedException("aborted");
          };
      BranchBody other =
          branch -> {
            branch.record("INFO", "", "", "second");
            recorded.countDown();
            ended.incrementAndGet();
          };

      assertThatThrownBy(() -> session.parallel(List.of(aborted, other)))
          .isInstanceOf(SessionAbortedException.class);

      assertThat(ended).hasValue(2);
      assertThat(fixture.statusLines()).containsExactly("INFO\t----\t----\tsecond");
    }
  }

  @Test
  void parallel_simple_is_refused_in_a_client_side_session() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir);
        LocalHost host = LocalHost.create(Clock.systemUTC())) {
      Session session =
          new Session(fixture.clientState().spec(), host, fixture.status, fixture.debug, tools());

      assertThatThrownBy(() -> session.parallelSimple(machine -> branch -> {}, List.of("a")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("parallel_simple is for server-side control files");
    }
  }
}
