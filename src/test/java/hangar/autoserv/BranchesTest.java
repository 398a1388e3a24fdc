package hangar.autoserv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import groovy.lang.Closure;
import hangar.host.LocalHost;
import hangar.testlib.TestLibrary;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BranchesTest {
  @TempDir Path dir;

  /** A branch body that records one INFO line through the job, as a control file's closure. */
  private static Closure<Object> recording(ClientJob job, String reason, CountDownLatch all) {
    return new Closure<Object>(null) {
      private static final long serialVersionUID = 1L;

      @SuppressWarnings({"unused", "EffectivelyPrivate"}) // public: Closure.call looks for it
      public Object doCall() throws InterruptedException {
        // Both branches run at once: each waits here until the other has started too.
        all.countDown();
        all.await();
        job.record("INFO", "", "", reason);
        return null;
      }
    };
  }

  @Test
  void branches_run_side_by_side_and_their_lines_come_back_in_branch_order() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir);
        LocalHost host = LocalHost.create(Clock.systemUTC())) {
      Session session =
          new Session(
              fixture.clientState().spec(),
              host,
              fixture.status,
              fixture.debug,
              TestLibrary.builtIn());
      ClientJob job = new ClientJob(session);
      CountDownLatch all = new CountDownLatch(2);

      session.parallel(job, List.of(recording(job, "first", all), recording(job, "second", all)));

      assertThat(fixture.statusLines())
          .containsExactly("INFO\t----\t----\tfirst", "INFO\t----\t----\tsecond");
      assertThat(dir.resolve("debug/parallel.1.status.log")).exists();
      assertThat(dir.resolve("debug/parallel.2.status.log")).exists();
    }
  }

  @Test
  void a_branch_that_throws_errs_in_its_own_lines_and_the_others_still_run() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir);
        LocalHost host = LocalHost.create(Clock.systemUTC())) {
      Session session =
          new Session(
              fixture.clientState().spec(),
              host,
              fixture.status,
              fixture.debug,
              TestLibrary.builtIn());
      ClientJob job = new ClientJob(session);
      Closure<Object> failing =
          new Closure<Object>(null) {
            private static final long serialVersionUID = 1L;

            @SuppressWarnings({"unused", "EffectivelyPrivate"}) // public: Closure.call looks for it
            public Object doCall() {
              throw new IllegalStateException("broken branch");
            }
          };

      session.parallel(job, List.of(failing, recording(job, "second", new CountDownLatch(0))));

      List<String> lines = fixture.statusLines();
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0)).startsWith("ERROR\t----\t----\t").contains("broken branch");
      assertThat(lines.get(1)).isEqualTo("INFO\t----\t----\tsecond");
    }
  }

  @Test
  void parallel_simple_is_refused_in_a_client_side_session() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir);
        LocalHost host = LocalHost.create(Clock.systemUTC())) {
      Session session =
          new Session(
              fixture.clientState().spec(),
              host,
              fixture.status,
              fixture.debug,
              TestLibrary.builtIn());
      ClientJob job = new ClientJob(session);

      assertThatThrownBy(() -> session.parallelSimple(job, Closure.IDENTITY, List.of("a")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("parallel_simple is for server-side control files");
    }
  }
}
