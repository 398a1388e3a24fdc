package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.drone.LocalDrone;
import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tick's views of entries after its own transitions match what the database then holds, version
 * included (the next guarded update checks it), over a real database and without drones.
 */
class EntryViewsTest extends OneDatabaseLab {

  private TickParts parts;

  @BeforeEach
  void wire() {
    parts = new TickParts(database, null, dir, "views-test");
  }

  @Test
  void an_entry_viewed_in_its_next_status_is_the_row_after_that_transition() {
    HostQueueEntry running = parts.running(parts.submit("exit 0", parts.newHost()), "localhost");

    assertThat(
            parts
                .entries()
                .transitionAll(List.of(running), EntryStatus.RUNNING, EntryStatus.PARSING))
        .containsExactly(running.id());

    assertThat(EntryViews.asStatus(running, EntryStatus.PARSING)).isEqualTo(parts.now(running));
  }

  @Test
  void an_entry_viewed_as_starting_in_its_group_is_the_row_after_the_group_started() {
    Host a = parts.newHost();
    Host b = parts.newHost();
    long job = parts.submitSynchronous("exit 0", 2, a, b);
    List<HostQueueEntry> pending = parts.pending(parts.entryOn(job, a), parts.entryOn(job, b));

    assertThat(
            parts
                .entries()
                .groups()
                .startGroup(pending, "group0", LocalDrone.NAME, parts.scheduler()))
        .isTrue();

    for (HostQueueEntry entry : pending) {
      assertThat(EntryViews.asStarting(entry, "group0", LocalDrone.NAME))
          .isEqualTo(parts.now(entry));
    }
  }

  @Test
  void the_jobs_of_entries_are_each_named_once_in_the_order_first_seen() {
    long first = parts.submit("exit 0", parts.newHost());
    Host a = parts.newHost();
    Host b = parts.newHost();
    long second = parts.submitSynchronous("exit 0", 2, a, b);

    List<HostQueueEntry> mixed =
        List.of(parts.entryOn(second, a), parts.entry(first), parts.entryOn(second, b));

    assertThat(EntryViews.jobIds(mixed)).containsExactly(second, first);
  }
}
