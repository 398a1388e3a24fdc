package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.lab.ControlType;
import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.lab.Job;
import hangar.lab.Protection;
import hangar.lab.RebootAfter;
import hangar.lab.RebootBefore;
import hangar.lab.SpecialTask;
import hangar.lab.SpecialTaskType;
import hangar.store.TaskCompletion;
import hangar.store.TaskCompletion.EntryChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a successful pre-job task does to its entry: start it, or leave it Pending in a group. */
class OutcomesTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final Host HOST =
      new Host(
          7,
          "board7",
          HostStatus.VERIFYING,
          false,
          null,
          null,
          null,
          Protection.NO_PROTECTION,
          false,
          List.of());
  private static final HostQueueEntry ENTRY =
      new HostQueueEntry(
          3,
          1,
          7L,
          "board7",
          null,
          EntryStatus.VERIFYING,
          true,
          false,
          false,
          null,
          "localhost",
          null,
          null,
          null,
          2);

  @Test
  void a_verified_host_starts_an_ordinary_job_at_once() {
    TaskCompletion end =
        Outcomes.of(task(SpecialTaskType.VERIFY), true, "", HOST, ENTRY, job(1), null);

    assertThat(end.entryChange()).isEqualTo(EntryChange.START);
    assertThat(end.hostPath()).containsExactly(HostStatus.RUNNING);
  }

  @Test
  void a_verified_host_of_a_synchronous_job_waits_pending_for_its_group() {
    TaskCompletion end =
        Outcomes.of(task(SpecialTaskType.VERIFY), true, "", HOST, ENTRY, job(2), null);

    assertThat(end.entryChange()).isEqualTo(EntryChange.PEND);
    assertThat(end.hostPath()).containsExactly(HostStatus.PENDING);
  }

  @Test
  void a_cleaned_host_of_a_synchronous_job_passes_through_ready_to_pending() {
    TaskCompletion end =
        Outcomes.of(task(SpecialTaskType.CLEANUP), true, "", HOST, ENTRY, job(2), null);

    assertThat(end.entryChange()).isEqualTo(EntryChange.PEND);
    assertThat(end.hostPath()).containsExactly(HostStatus.READY, HostStatus.PENDING);
    assertThat(end.cleanHost()).isTrue();
  }

  private static SpecialTask task(SpecialTaskType type) {
    return new SpecialTask(11, 7, "board7", type, 3L, true, false, false, null, NOW, NOW, null);
  }

  private static Job job(int synchCount) {
    return new Job(
        1,
        "admin",
        "group",
        1,
        "exit 0",
        ControlType.CLIENT,
        synchCount,
        Duration.ofHours(1),
        Duration.ofHours(1),
        false,
        RebootBefore.NEVER,
        RebootAfter.NEVER,
        "",
        List.of(),
        NOW);
  }
}
