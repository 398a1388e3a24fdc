package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import hangar.drone.LocalDrone;
import hangar.lab.ControlType;
import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.lab.JobRequest;
import hangar.lab.Priority;
import hangar.lab.RebootAfter;
import hangar.lab.RebootBefore;
import hangar.store.AclStore;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Picking hosts for queued entries within the throttles, claiming them and starting their sessions,
 * against H2 and a real drone daemon whose sessions run the control file as a shell script. The
 * queue is the whole database's: each test leaves nothing queued that another could start.
 */
class QueueStarterTest extends OneDroneLab {
  private static final Throttles THROTTLES = new Throttles(100, 100);

  private TickParts parts;
  private DispatcherDeps deps;
  private QueueStarter starter;

  @BeforeEach
  void wire() {
    parts = new TickParts(database, drone, dir, "queue-test");
    use(THROTTLES);
  }

  @Test
  void a_queued_entry_gets_its_ready_host_and_its_session_starts() {
    Host host = parts.newHost();
    long job = parts.submit("exit 0", host);

    starter.startQueued(TickParts.poll(deps));

    HostQueueEntry entry = parts.entry(job);
    assertThat(entry.status()).isEqualTo(EntryStatus.RUNNING);
    assertThat(entry.drone()).isEqualTo(LocalDrone.NAME);
    assertThat(entry.executionSubdir()).isEqualTo(host.hostname());
    assertThat(parts.entries().activeFor(parts.scheduler()))
        .extracting(HostQueueEntry::id)
        .containsExactly(entry.id());
    assertThat(parts.hosts().get(host.id()).status()).isEqualTo(HostStatus.RUNNING);
    assertThat(parts.sessionOf(entry)).isPresent();
  }

  @Test
  void an_owner_outside_the_hosts_acl_groups_waits_and_a_member_starts() {
    Host host = parts.newHost();
    String group = "lab-" + host.hostname();
    AclStore acls = parts.acls();
    acls.create(group, "");
    acls.addHost(group, host.hostname());
    acls.removeHost(AclStore.EVERYONE, host.hostname());
    acls.addUser(group, "carol");
    long outsider = parts.submit(request("admin", List.of(host.hostname()), List.of()));
    long member = parts.submit(request("carol", List.of(host.hostname()), List.of()));

    starter.startQueued(TickParts.poll(deps));

    assertThat(parts.entry(member).status()).isEqualTo(EntryStatus.RUNNING);
    assertThat(parts.entry(outsider).status()).isEqualTo(EntryStatus.QUEUED);
    assertThat(parts.entry(outsider).reason())
        .isEqualTo("waiting: host " + host.hostname() + " shares no ACL group with admin");
    parts.jobs().requestAbort(outsider, "never eligible");
  }

  @Test
  void a_meta_host_entry_waits_for_a_host_with_its_label_and_takes_only_such_a_host() {
    String label = parts.newLabel();
    Host locked = parts.newHost(label);
    parts.hosts().lock(locked.hostname(), "alice", "cabling");
    parts.newHost();
    long job = parts.submit(request("admin", List.of(), List.of(label)));

    starter.startQueued(TickParts.poll(deps));
    assertThat(parts.entry(job).status()).isEqualTo(EntryStatus.QUEUED);
    assertThat(parts.entry(job).reason())
        .isEqualTo("waiting: no Ready host with label " + label + " (1 carries it: 1 locked)");

    Host labelled = parts.newHost(label);
    starter.startQueued(TickParts.poll(deps));

    assertThat(parts.entry(job).status()).isEqualTo(EntryStatus.RUNNING);
    assertThat(parts.entry(job).hostname()).isEqualTo(labelled.hostname());
  }

  @Test
  void max_jobs_started_per_cycle_bounds_each_call_and_priority_goes_first() {
    use(new Throttles(100, 1));
    long low =
        parts.submit(
            request("admin", List.of(parts.newHost().hostname()), List.of(), Priority.LOW));
    long urgent =
        parts.submit(
            request("admin", List.of(parts.newHost().hostname()), List.of(), Priority.URGENT));

    starter.startQueued(TickParts.poll(deps));

    assertThat(parts.entry(urgent).status()).isEqualTo(EntryStatus.RUNNING);
    assertThat(parts.entry(low).status()).isEqualTo(EntryStatus.QUEUED);
    starter.startQueued(TickParts.poll(deps));
    assertThat(parts.entry(low).status()).as("on the next call").isEqualTo(EntryStatus.RUNNING);
  }

  @Test
  void a_drone_at_max_processes_per_drone_gets_nothing_new() {
    use(new Throttles(2, 100));
    Host host = parts.newHost();
    long job = parts.submit("exit 0", host);

    starter.startQueued(TickParts.pollWithRunning(2));

    assertThat(parts.entry(job).status()).isEqualTo(EntryStatus.QUEUED);
    assertThat(parts.hosts().get(host.id()).status()).isEqualTo(HostStatus.READY);
    starter.startQueued(TickParts.pollWithRunning(1));
    assertThat(parts.entry(job).status()).as("once a slot is free").isEqualTo(EntryStatus.RUNNING);
  }

  @Test
  void max_running_jobs_bounds_the_active_entries_over_the_whole_lab() {
    use(new Throttles(100, 100, (int) parts.entries().countActive() + 1));
    long a = parts.submit("exit 0", parts.newHost());
    long b = parts.submit("exit 0", parts.newHost());

    starter.startQueued(TickParts.poll(deps));

    assertThat(List.of(parts.entry(a).status(), parts.entry(b).status()))
        .containsExactlyInAnyOrder(EntryStatus.RUNNING, EntryStatus.QUEUED);
    use(THROTTLES);
    starter.startQueued(TickParts.poll(deps));
    assertThat(parts.entry(a).status()).isEqualTo(EntryStatus.RUNNING);
    assertThat(parts.entry(b).status()).isEqualTo(EntryStatus.RUNNING);
  }

  @Test
  void entries_of_a_synchronous_job_hold_their_hosts_pending_without_a_session() {
    Host a = parts.newHost();
    Host b = parts.newHost();
    long job = parts.submitSynchronous("exit 0", 2, a, b);

    starter.startQueued(TickParts.poll(deps));

    for (Host host : List.of(a, b)) {
      HostQueueEntry entry = parts.entryOn(job, host);
      assertThat(entry.status()).isEqualTo(EntryStatus.PENDING);
      assertThat(entry.drone()).isNull();
      assertThat(parts.hosts().get(host.id()).status()).isEqualTo(HostStatus.PENDING);
      assertThat(parts.sessionOf(entry)).isEmpty();
    }
  }

  @Test
  void an_atomic_group_entry_takes_a_host_per_machine_each_pending() {
    String group = parts.atomicGroups().create("rack-" + parts.scheduler(), "", 2).name();
    String label = parts.labels().create(group + "-a", false, false).name();
    parts.atomicGroups().addLabel(group, label);
    Host a = parts.newHost(label);
    Host b = parts.newHost(label);
    long job = parts.submit(JobRequest.onAtomicGroup("admin", "rack", "exit 0", group, 2));

    starter.startQueued(TickParts.poll(deps));

    assertThat(parts.jobs().get(job).entries())
        .extracting(HostQueueEntry::hostname, HostQueueEntry::status)
        .containsExactlyInAnyOrder(
            tuple(a.hostname(), EntryStatus.PENDING), tuple(b.hostname(), EntryStatus.PENDING));
  }

  /** Starts with a queue phase under these throttles from now on. */
  private void use(Throttles throttles) {
    deps = parts.deps(throttles);
    LabCache lab = new LabCache(parts.hosts(), parts.jobs());
    starter = new QueueStarter(deps, lab, new SessionLauncher(deps, lab));
  }

  private static JobRequest request(String owner, List<String> named, List<String> metaHosts) {
    return request(owner, named, metaHosts, Priority.MEDIUM);
  }

  private static JobRequest request(
      String owner, List<String> named, List<String> metaHosts, Priority priority) {
    return new JobRequest(
        owner,
        "test",
        "exit 0",
        ControlType.CLIENT,
        named,
        metaHosts,
        priority.value(),
        1,
        JobRequest.DEFAULT_TIMEOUT,
        JobRequest.DEFAULT_TIMEOUT,
        false,
        RebootBefore.NEVER,
        RebootAfter.NEVER,
        "",
        List.of());
  }
}
