package hangar.lab;

import static hangar.lab.EntryStatus.ABORTED;
import static hangar.lab.EntryStatus.COMPLETED;
import static hangar.lab.EntryStatus.FAILED;
import static hangar.lab.EntryStatus.GATHERING;
import static hangar.lab.EntryStatus.PARSING;
import static hangar.lab.EntryStatus.PENDING;
import static hangar.lab.EntryStatus.QUEUED;
import static hangar.lab.EntryStatus.RUNNING;
import static hangar.lab.EntryStatus.STARTING;
import static hangar.lab.EntryStatus.STOPPED;
import static hangar.lab.EntryStatus.VERIFYING;
import static hangar.lab.EntryStatus.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EntryStatusTest {
  @Test
  void the_usual_path_is_allowed_step_by_step() {
    EntryStatus[] path = {
      QUEUED, VERIFYING, PENDING, STARTING, RUNNING, GATHERING, PARSING, COMPLETED
    };
    for (int i = 0; i + 1 < path.length; i++) {
      assertThat(path[i].canMoveTo(path[i + 1])).as(path[i] + " -> " + path[i + 1]).isTrue();
    }
    assertThat(QUEUED.canMoveTo(STARTING)).isTrue();
    assertThat(STARTING.canMoveTo(RUNNING)).isTrue();
    assertThat(PENDING.canMoveTo(WAITING)).isTrue();
    assertThat(WAITING.canMoveTo(RUNNING)).isTrue();
  }

  @Test
  void every_unfinished_entry_may_be_aborted_or_failed() {
    Arrays.stream(EntryStatus.values())
        .filter(s -> !s.isComplete())
        .forEach(
            s -> {
              assertThat(s.canMoveTo(ABORTED)).as(s + " -> Aborted").isTrue();
              assertThat(s.canMoveTo(FAILED)).as(s + " -> Failed").isTrue();
            });
  }

  @Test
  void a_complete_entry_never_changes() {
    for (EntryStatus done : new EntryStatus[] {COMPLETED, FAILED, ABORTED, STOPPED}) {
      assertThat(EntryStatus.values()).noneMatch(done::canMoveTo);
    }
  }

  @Test
  void skipping_ahead_or_going_back_is_refused() {
    assertThat(QUEUED.canMoveTo(RUNNING)).isFalse();
    assertThat(QUEUED.canMoveTo(COMPLETED)).isFalse();
    assertThat(RUNNING.canMoveTo(QUEUED)).isFalse();
    assertThat(RUNNING.canMoveTo(STARTING)).isFalse();
    assertThat(PARSING.canMoveTo(RUNNING)).isFalse();
    assertThat(VERIFYING.canMoveTo(STOPPED)).isFalse();
    assertThat(RUNNING.canMoveTo(RUNNING)).isFalse();
  }

  @Test
  void an_entry_of_a_synchronous_job_waits_pending_and_may_be_stopped_while_it_waits() {
    assertThat(QUEUED.canMoveTo(PENDING)).isTrue();
    assertThat(VERIFYING.canMoveTo(PENDING)).isTrue();
    assertThat(PENDING.canMoveTo(STARTING)).isTrue();
    assertThat(QUEUED.canMoveTo(STOPPED)).isTrue();
    assertThat(PENDING.canMoveTo(STOPPED)).isTrue();
  }

  @Test
  void only_a_claimed_entry_goes_back_to_the_queue() {
    assertThat(STARTING.canMoveTo(QUEUED)).isTrue();
    assertThat(VERIFYING.canMoveTo(QUEUED)).isTrue();
    assertThat(PENDING.canMoveTo(QUEUED)).isFalse();
  }
}
