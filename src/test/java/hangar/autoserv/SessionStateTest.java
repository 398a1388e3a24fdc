package hangar.autoserv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStateTest {
  @TempDir Path dir;

  @Test
  void a_fresh_session_is_neither_aborted_nor_failed_and_lets_calls_through() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir)) {
      SessionState state = fixture.clientState();

      state.checkNotAborted();

      assertThat(state.isAborted()).isFalse();
      assertThat(state.hostFailed()).isFalse();
      assertThat(state.isServerSide()).isFalse();
      assertThat(state.debugDir()).isEqualTo(dir.resolve("debug"));
    }
  }

  @Test
  void an_aborted_session_refuses_the_next_call() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir)) {
      SessionState state = fixture.clientState();

      state.markAborted();

      assertThatThrownBy(state::checkNotAborted)
          .isInstanceOf(SessionAbortedException.class)
          .hasMessage("session aborted; no more tests run");
    }
  }

  @Test
  void an_interrupt_is_consumed_and_aborts_the_session() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir)) {
      SessionState state = fixture.clientState();

      Thread.currentThread().interrupt();
      boolean aborted = state.abortedOrInterrupted();

      assertThat(aborted).isTrue();
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
      assertThat(state.isAborted()).isTrue();
    }
  }

  @Test
  void a_host_failure_is_remembered() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir)) {
      SessionState state = fixture.clientState();

      state.markHostFailed();

      assertThat(state.hostFailed()).isTrue();
      assertThat(state.isAborted()).isFalse();
    }
  }

  @Test
  void creating_a_host_the_job_does_not_have_is_refused() throws Exception {
    try (SessionFixture fixture = SessionFixture.in(dir)) {
      SessionState state = fixture.serverState(List.of("a", "b"));

      assertThat(state.isServerSide()).isTrue();
      assertThatThrownBy(() -> state.createHost("c"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("hosts.create('c'): not a machine of this job; it has [a, b]");
    }
  }
}
