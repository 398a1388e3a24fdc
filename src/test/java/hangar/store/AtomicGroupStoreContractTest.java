package hangar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.lab.AtomicGroup;
import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.InfeasibleJobException;
import hangar.lab.JobRequest;
import hangar.lab.JobView;
import hangar.lab.Protection;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link AtomicGroupStore}, atomic group jobs in {@link JobStore} and {@link
 * AtomicGroupEntries} must do on every database; run against H2, PostgreSQL and MariaDB by the
 * subclasses.
 */
abstract class AtomicGroupStoreContractTest extends DatabaseContract {
  private AtomicGroupStore groups;
  private LabelStore labels;
  private HostStore hosts;
  private JobStore jobs;
  private HostQueueEntryStore entries;

  @BeforeEach
  void createStores() {
    groups = new AtomicGroupStore(database, clock);
    labels = new LabelStore(database, clock);
    hosts = new HostStore(database, clock);
    jobs = new JobStore(database, clock);
    entries = new HostQueueEntryStore(database, clock);
  }

  @Test
  void a_group_is_created_listed_and_gets_labels() {
    groups.create("rack1", "the first rack", 4);
    labels.create("rack1-a", false, false);
    labels.create("rack1-b", false, false);

    groups.addLabel("rack1", "rack1-b");
    AtomicGroup group = groups.addLabel("rack1", "rack1-a");
    groups.addLabel("rack1", "rack1-a");

    assertThat(group.description()).isEqualTo("the first rack");
    assertThat(group.maxNumberOfMachines()).isEqualTo(4);
    assertThat(group.labels()).containsExactly("rack1-a", "rack1-b");
    assertThat(groups.list()).containsExactly(group);
    assertThat(groups.removeLabel("rack1", "rack1-b").labels()).containsExactly("rack1-a");
    assertThat(groups.get("rack1").labels()).containsExactly("rack1-a");
  }

  @Test
  void bad_names_duplicates_and_non_positive_maximums_are_refused() {
    groups.create("rack1", "", 2);

    assertThatThrownBy(() -> groups.create("rack1", "", 3))
        .isInstanceOf(ConflictException.class)
        .hasMessage("atomic group 'rack1' already exists");
    assertThatThrownBy(() -> groups.create("rack2", "", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max number of machines must be at least 1, was 0");
    assertThatThrownBy(() -> groups.create("-rack", "", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("atomic group name '-rack' is not valid");
    assertThatThrownBy(() -> groups.get("nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("create it with 'hangar atomicgroup create nope -n MAX_MACHINES'");
    assertThat(groups.list()).extracting(AtomicGroup::name).containsExactly("rack1");
  }

  @Test
  void a_label_belongs_to_one_group_at_most() {
    groups.create("rack1", "", 2);
    groups.create("rack2", "", 2);
    labels.create("shared", false, false);
    groups.addLabel("rack1", "shared");

    assertThatThrownBy(() -> groups.addLabel("rack2", "shared"))
        .isInstanceOf(ConflictException.class)
        .hasMessage(
            "label 'shared' already belongs to atomic group 'rack1'; a label belongs to one group"
                + " at most: take it out with 'hangar atomicgroup remove rack1 --label shared'"
                + " first");
    assertThatThrownBy(() -> groups.addLabel("rack2", "ghost"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageStartingWith("label 'ghost' not found");
    assertThat(groups.get("rack2").labels()).isEmpty();
  }

  @Test
  void a_group_an_unfinished_job_uses_is_deleted_only_with_force() {
    groups.create("rack1", "", 2);
    labels.create("rack1-a", false, false);
    groups.addLabel("rack1", "rack1-a");
    hosts.create("node1", List.of("rack1-a"), Protection.NO_PROTECTION);
    long job = jobs.create(JobRequest.onAtomicGroup("admin", "j", "exit 0", "rack1", 1)).job().id();

    assertThatThrownBy(() -> groups.delete("rack1", false))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("atomic group 'rack1' is used by unfinished jobs [" + job + "]")
        .hasMessageContaining("'hangar atomicgroup delete --force rack1'");
    assertThat(groups.get("rack1").labels()).containsExactly("rack1-a");

    groups.delete("rack1", true);

    assertThat(groups.list()).isEmpty();
    HostQueueEntry failed = jobs.get(job).entries().get(0);
    assertThat(failed.status()).isEqualTo(EntryStatus.FAILED);
    assertThat(failed.reason()).isEqualTo("atomic group rack1 deleted");
    assertThat(groups.create("rack1", "again", 3).labels())
        .as("created again, without its old labels")
        .isEmpty();
  }

  @Test
  void a_job_gets_one_entry_without_a_host_when_a_label_offers_enough_hosts() {
    groups.create("rack1", "", 3);
    labels.create("rack1-a", false, false);
    labels.create("rack1-b", false, false);
    groups.addLabel("rack1", "rack1-a");
    groups.addLabel("rack1", "rack1-b");
    hosts.create("node1", List.of("rack1-a"), Protection.NO_PROTECTION);
    hosts.create("node2", List.of("rack1-b"), Protection.NO_PROTECTION);
    hosts.create("node3", List.of("rack1-b"), Protection.NO_PROTECTION);

    JobView job = jobs.create(JobRequest.onAtomicGroup("admin", "j", "exit 0", "rack1", 2));

    assertThat(job.job().atomicGroup()).isEqualTo("rack1");
    assertThat(job.entries()).hasSize(1);
    HostQueueEntry entry = job.entries().get(0);
    assertThat(entry.atomicGroup()).isEqualTo("rack1");
    assertThat(entry.picksAtomicGroup()).isTrue();
    assertThat(entry.metaHost()).isNull();
  }

  @Test
  void a_job_no_label_of_the_group_could_ever_serve_is_refused() {
    groups.create("rack1", "", 3);
    assertThatThrownBy(() -> jobs.create(JobRequest.onAtomicGroup("admin", "j", "x", "rack1", 1)))
        .isInstanceOf(InfeasibleJobException.class)
        .hasMessage(
            "atomic group rack1 has no labels, so job 'j' could never get a host; add one with"
                + " 'hangar atomicgroup add rack1 --label LABEL'");
    labels.create("rack1-a", false, false);
    labels.create("rack1-b", false, false);
    labels.create("usb", false, false);
    groups.addLabel("rack1", "rack1-a");
    groups.addLabel("rack1", "rack1-b");
    hosts.create("node1", List.of("rack1-a", "usb"), Protection.NO_PROTECTION);
    hosts.create("node2", List.of("rack1-a"), Protection.NO_PROTECTION);
    hosts.create("node3", List.of("rack1-b", "usb"), Protection.NO_PROTECTION);

    assertThatThrownBy(
            () ->
                jobs.create(
                    JobRequest.onAtomicGroup("admin", "j", "x", "rack1", 2)
                        .withDependencies(List.of("usb"))))
        .isInstanceOf(InfeasibleJobException.class)
        .hasMessage(
            "job 'j' asks for at least 2 hosts of one label of atomic group rack1, but no label"
                + " has that many it could ever use (rack1-a: 1 (1 lacks dependency usb);"
                + " rack1-b: 1); ask for fewer with -y or put the label on more hosts");
    assertThatThrownBy(() -> jobs.create(JobRequest.onAtomicGroup("admin", "j", "x", "rack1", 4)))
        .isInstanceOf(InfeasibleJobException.class)
        .hasMessage(
            "job 'j' asks for at least 4 hosts (synch count) but atomic group rack1 runs a job on"
                + " 3 at most (max number of machines); ask for fewer with -y");
    assertThatThrownBy(() -> jobs.create(JobRequest.onAtomicGroup("admin", "j", "x", "ghost", 1)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageStartingWith("atomic group 'ghost' not found");
    assertThat(jobs.list(null, null, 10)).isEmpty();
  }

  @Test
  void expanding_an_entry_gives_it_the_first_host_and_new_entries_the_others_once() {
    groups.create("rack1", "", 3);
    labels.create("rack1-a", false, false);
    groups.addLabel("rack1", "rack1-a");
    Host a = hosts.create("node1", List.of("rack1-a"), Protection.NO_PROTECTION);
    Host b = hosts.create("node2", List.of("rack1-a"), Protection.NO_PROTECTION);
    JobView job = jobs.create(JobRequest.onAtomicGroup("admin", "j", "x", "rack1", 2));
    HostQueueEntry entry = job.entries().get(0);

    List<HostQueueEntry> expanded = entries.atomicGroups().expand(entry, List.of(b.id(), a.id()));
    List<HostQueueEntry> again = entries.atomicGroups().expand(entry, List.of(a.id()));

    assertThat(expanded).extracting(HostQueueEntry::hostname).containsExactly("node2", "node1");
    assertThat(expanded.get(0).id()).isEqualTo(entry.id());
    assertThat(expanded).extracting(HostQueueEntry::status).containsOnly(EntryStatus.QUEUED);
    assertThat(expanded).extracting(HostQueueEntry::atomicGroup).containsOnly("rack1");
    assertThat(again).as("the version read is gone").isEmpty();
    assertThat(jobs.get(job.job().id()).entries()).hasSize(2);
  }
}
