package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.lab.Host;
import hangar.lab.JobRequest;
import hangar.lab.Protection;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.testing.SettableClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The host pool and job needs the scheduler keeps between ticks, over a real database. */
class LabCacheTest extends OneDatabaseLab {
  private static final AtomicInteger HOSTS = new AtomicInteger();

  private final SettableClock clock = new SettableClock(Instant.now());
  private HostStore hosts;
  private JobStore jobs;
  private LabCache lab;

  @BeforeEach
  void wire() {
    hosts = new HostStore(database, clock);
    jobs = new JobStore(database, clock);
    lab = new LabCache(hosts, jobs);
  }

  @Test
  void targets_and_consoles_come_from_the_pool_read_last() {
    Host plain = newHost();
    Host ssh = hosts.setSsh(newHost().hostname(), "alice", 2222);
    Host serial = newHost();
    hosts.setCommands(serial.hostname(), null, null, null, "cat /dev/ttyS0");
    assertThat(lab.sshTargets()).as("no pool read yet").isEmpty();
    assertThat(lab.consoleCommands()).as("no pool read yet").isEmpty();

    assertThat(lab.refreshPool().hosts())
        .extracting(a -> a.host().id())
        .contains(plain.id(), ssh.id(), serial.id());

    assertThat(lab.sshTargets())
        .containsEntry(ssh.id(), ssh.sshTarget())
        .doesNotContainKeys(plain.id(), serial.id());
    assertThat(lab.consoleCommands())
        .containsEntry(serial.id(), "cat /dev/ttyS0")
        .doesNotContainKeys(plain.id(), ssh.id());
  }

  @Test
  void a_host_added_after_a_read_is_in_the_next_read() {
    lab.refreshPool();
    Host late = newHost();

    assertThat(lab.refreshPool().hosts()).extracting(a -> a.host().id()).contains(late.id());
  }

  @Test
  void the_needs_read_are_those_of_the_queued_jobs() {
    Host host = newHost();
    long job =
        jobs.create(JobRequest.of("admin", "test", "exit 0", List.of(host.hostname()))).job().id();
    lab.refreshPool();

    assertThat(lab.refreshNeeds(new HostQueueEntryStore(database, clock).queued(1000)))
        .containsKey(job);
  }

  private Host newHost() {
    return hosts.create("rig-l" + HOSTS.incrementAndGet(), List.of(), Protection.NO_PROTECTION);
  }
}
