package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The names an entry's session goes by, from the entry alone. */
class SessionIdsTest {

  @Test
  void an_entry_outside_a_group_has_a_session_of_its_own() {
    assertThat(SessionIds.sessionId(entry(7, 3, null))).isEqualTo("hqe-7");
    assertThat(SessionIds.sessionId(entry(7, 3, "rig1"))).isEqualTo("hqe-7");
  }

  @Test
  void the_entries_of_one_group_share_its_session() {
    assertThat(SessionIds.sessionId(entry(7, 3, "group2"))).isEqualTo("grp-3-group2");
    assertThat(SessionIds.sessionId(entry(8, 3, "group2"))).isEqualTo("grp-3-group2");
    assertThat(SessionIds.sessionId(entry(8, 3, "group2x"))).isEqualTo("hqe-8");
  }

  @Test
  void only_the_sessions_of_entries_and_groups_are_job_sessions() {
    assertThat(SessionIds.isJobSession("hqe-7")).isTrue();
    assertThat(SessionIds.isJobSession("grp-3-group2")).isTrue();
    assertThat(SessionIds.isJobSession("task-7")).isFalse();
  }

  @Test
  void an_entry_writes_into_its_groups_folder_or_else_its_hosts() {
    assertThat(SessionIds.subdirOf(entry(7, 3, null))).isEqualTo("rig1");
    assertThat(SessionIds.subdirOf(entry(7, 3, "group0"))).isEqualTo("group0");
  }

  @Test
  void the_next_group_is_one_past_the_highest_group_folder() {
    assertThat(SessionIds.nextGroup(Set.of())).isZero();
    assertThat(SessionIds.nextGroup(Set.of("group0", "group4", "rig1", "group"))).isEqualTo(5);
  }

  private static HostQueueEntry entry(long id, long job, String subdir) {
    return new HostQueueEntry(
        id,
        job,
        1L,
        "rig1",
        null,
        EntryStatus.RUNNING,
        true,
        false,
        false,
        subdir,
        "localhost",
        null,
        null,
        null,
        0,
        null);
  }
}
