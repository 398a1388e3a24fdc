package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostAccess;
import hangar.lab.HostPool;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.lab.JobNeeds;
import hangar.lab.Protection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Matching over real records: which host an entry gets, and the sentence when it gets none. */
class HostChoiceTest {
  private static final Set<String> EVERYONE = Set.of("Everyone");

  private final List<HostAccess> hosts = new ArrayList<>();
  private long nextEntry = 1;

  @Test
  void a_meta_host_entry_gets_a_ready_host_with_the_label_and_never_a_taken_one() {
    host(1, "board1", HostStatus.READY, false, "arm");
    host(2, "board2", HostStatus.READY, false, "x86_64");
    host(3, "board3", HostStatus.READY, false, "x86_64");
    HostChoice choice = choice(Set.of(), needs(7, Set.of()));
    HostQueueEntry first = meta(7, "x86_64");
    HostQueueEntry second = meta(7, "x86_64");
    HostQueueEntry third = meta(7, "x86_64");

    Host a = choice.pick(first);
    choice.take(first, a);
    Host b = choice.pick(second);
    choice.take(second, b);

    assertThat(List.of(a.hostname(), b.hostname())).containsExactly("board2", "board3");
    assertThat(choice.pick(third)).isNull();
    assertThat(choice.whyWaiting(third))
        .isEqualTo("waiting: no Ready host with label x86_64 (2 carry it: 2 Running)");
  }

  @Test
  void why_waiting_counts_every_carrier_by_what_keeps_it() {
    host(1, "board1", HostStatus.RUNNING, false, "x86_64");
    host(2, "board2", HostStatus.RUNNING, false, "x86_64");
    host(3, "board3", HostStatus.READY, true, "x86_64");
    HostChoice choice = choice(Set.of(), needs(7, Set.of()));
    HostQueueEntry entry = meta(7, "x86_64");

    assertThat(choice.pick(entry)).isNull();
    assertThat(choice.whyWaiting(entry))
        .isEqualTo("waiting: no Ready host with label x86_64 (3 carry it: 2 Running, 1 locked)");
  }

  @Test
  void every_host_must_carry_the_dependencies_named_or_meta() {
    host(1, "board1", HostStatus.READY, false, "x86_64");
    host(2, "board2", HostStatus.READY, false, "x86_64", "usb");
    HostChoice choice = choice(Set.of(), needs(7, Set.of("usb")));
    HostQueueEntry named = named(7, 1, "board1");

    assertThat(choice.pick(meta(7, "x86_64")).hostname()).isEqualTo("board2");
    assertThat(choice.pick(named)).isNull();
    assertThat(choice.whyWaiting(named)).isEqualTo("waiting: host board1 lacks dependency usb");
  }

  @Test
  void a_meta_host_waits_when_only_hosts_without_the_dependency_are_ready() {
    host(1, "board1", HostStatus.READY, false, "x86_64");
    host(2, "board2", HostStatus.RUNNING, false, "x86_64", "usb");
    HostChoice choice = choice(Set.of(), needs(7, Set.of("usb")));
    HostQueueEntry entry = meta(7, "x86_64");

    assertThat(choice.pick(entry)).isNull();
    assertThat(choice.whyWaiting(entry))
        .isEqualTo(
            "waiting: no Ready host with label x86_64 (2 carry it: 1 Running, 1 lacks"
                + " dependency usb)");
  }

  @Test
  void only_if_needed_hosts_serve_meta_hosts_only_when_asked_but_named_hosts_always() {
    host(1, "gpu1", HostStatus.READY, false, "x86_64", "gpu");
    HostChoice plain = choice(Set.of("gpu"), needs(7, Set.of()), needs(8, Set.of("gpu")));

    HostQueueEntry unasked = meta(7, "x86_64");
    assertThat(plain.pick(unasked)).isNull();
    assertThat(plain.whyWaiting(unasked))
        .isEqualTo(
            "waiting: no Ready host with label x86_64 (1 carries it: 1 carries only-if-needed"
                + " label gpu)");
    assertThat(plain.pick(meta(8, "x86_64")).hostname()).isEqualTo("gpu1");
    assertThat(plain.pick(meta(7, "gpu")).hostname()).isEqualTo("gpu1");
    assertThat(plain.pick(named(7, 1, "gpu1")).hostname()).isEqualTo("gpu1");
  }

  @Test
  void the_owner_must_share_an_acl_group_with_the_host_even_as_superuser() {
    hosts.add(
        new HostAccess(
            new Host(
                1,
                "private1",
                HostStatus.READY,
                false,
                null,
                null,
                null,
                Protection.NO_PROTECTION,
                false,
                List.of("x86_64")),
            Set.of("lab-a")));
    JobNeeds admin = new JobNeeds(7, "admin", true, Set.of(), EVERYONE, Set.of());
    JobNeeds member =
        new JobNeeds(8, "carol", false, Set.of(), Set.of("Everyone", "lab-a"), Set.of());
    HostChoice choice = HostChoice.of(new HostPool(hosts, Set.of()), Map.of(7L, admin, 8L, member));
    HostQueueEntry named = named(7, 1, "private1");

    assertThat(choice.pick(named)).isNull();
    assertThat(choice.whyWaiting(named))
        .isEqualTo("waiting: host private1 shares no ACL group with admin");
    assertThat(choice.whyWaiting(meta(7, "x86_64")))
        .isEqualTo(
            "waiting: no Ready host with label x86_64 (1 carries it: 1 shares no ACL group with"
                + " admin)");
    assertThat(choice.pick(meta(8, "x86_64")).hostname()).isEqualTo("private1");
  }

  @Test
  void a_job_never_gets_a_host_it_already_held() {
    host(1, "board1", HostStatus.READY, false, "x86_64");
    host(2, "board2", HostStatus.READY, false, "x86_64");
    HostChoice choice =
        HostChoice.of(
            new HostPool(hosts, Set.of()),
            Map.of(7L, new JobNeeds(7, "admin", true, Set.of(), EVERYONE, Set.of(1L))));
    HostQueueEntry first = meta(7, "x86_64");

    Host picked = choice.pick(first);
    choice.take(first, picked);
    HostQueueEntry second = meta(7, "x86_64");

    assertThat(picked.hostname()).isEqualTo("board2");
    assertThat(choice.pick(second)).isNull();
    assertThat(choice.whyWaiting(second))
        .isEqualTo(
            "waiting: no Ready host with label x86_64 (2 carry it: 1 Running, 1 already used by"
                + " this job)");
  }

  @Test
  void a_label_no_valid_host_carries_says_so_and_a_gone_named_host_too() {
    HostChoice choice = choice(Set.of(), needs(7, Set.of()));

    assertThat(choice.whyWaiting(meta(7, "arm"))).isEqualTo("waiting: no host carries label arm");
    assertThat(choice.whyWaiting(named(7, 9, "ghost"))).isEqualTo("waiting: host ghost is gone");
  }

  @Test
  void an_entry_of_a_job_without_loaded_needs_is_a_bug() {
    HostChoice choice = choice(Set.of());

    assertThatThrownBy(() -> choice.pick(meta(99, "x86_64")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("job 99");
  }

  private void host(long id, String name, HostStatus status, boolean locked, String... labels) {
    hosts.add(
        new HostAccess(
            new Host(
                id,
                name,
                status,
                locked,
                locked ? "alice" : null,
                null,
                null,
                Protection.NO_PROTECTION,
                false,
                List.of(labels)),
            EVERYONE));
  }

  private HostChoice choice(Set<String> onlyIfNeeded, JobNeeds... needs) {
    Map<Long, JobNeeds> byJob = new java.util.HashMap<>();
    for (JobNeeds n : needs) {
      byJob.put(n.jobId(), n);
    }
    return HostChoice.of(new HostPool(hosts, onlyIfNeeded), byJob);
  }

  private static JobNeeds needs(long job, Set<String> dependencies) {
    return new JobNeeds(job, "admin", true, dependencies, EVERYONE, Set.of());
  }

  private HostQueueEntry meta(long job, String label) {
    return entry(job, null, null, label);
  }

  private HostQueueEntry named(long job, long hostId, String hostname) {
    return entry(job, hostId, hostname, null);
  }

  private HostQueueEntry entry(long job, Long hostId, String hostname, String label) {
    return new HostQueueEntry(
        nextEntry++,
        job,
        hostId,
        hostname,
        label,
        EntryStatus.QUEUED,
        false,
        false,
        false,
        null,
        null,
        null,
        null,
        null,
        0);
  }
}
