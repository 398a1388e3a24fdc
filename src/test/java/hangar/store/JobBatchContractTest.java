package hangar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.lab.ControlType;
import hangar.lab.HostQueueEntry;
import hangar.lab.InfeasibleJobException;
import hangar.lab.JobRequest;
import hangar.lab.JobView;
import hangar.lab.Protection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many jobs created in one transaction, all or none, on every database. */
abstract class JobBatchContractTest extends DatabaseContract {
  private HostStore hosts;
  private JobStore jobs;
  private LabelStore labels;

  @BeforeEach
  void createStores() {
    hosts = new HostStore(database, clock);
    jobs = new JobStore(database, clock);
    labels = new LabelStore(database, clock);
    hosts.create("board0", List.of(), Protection.NO_PROTECTION);
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    labels.create("arm", false, false);
    labels.addHost("arm", "board1");
  }

  @Test
  void every_job_of_a_batch_is_created_with_its_entries_in_the_order_sent() {
    List<Long> ids =
        jobs.createAll(
            List.of(
                JobRequest.of("alice", "a", "exit 0", List.of("board0")),
                JobRequest.of("bob", "b", "exit 0", List.of("board0", "board1")),
                metaHost("alice", "c", "arm")));

    assertThat(ids).hasSize(3).isSorted().doesNotHaveDuplicates();
    assertThat(ids.stream().map(jobs::get).map(v -> v.job().name())).containsExactly("a", "b", "c");
    assertThat(jobs.get(ids.get(0)).job().owner()).isEqualTo("alice");
    assertThat(jobs.get(ids.get(1)).job().owner()).isEqualTo("bob");
    assertThat(jobs.get(ids.get(1)).entries())
        .extracting(HostQueueEntry::hostname)
        .containsExactlyInAnyOrder("board0", "board1");
    JobView meta = jobs.get(ids.get(2));
    assertThat(meta.entries()).hasSize(1);
    assertThat(meta.entries().get(0).metaHost()).isEqualTo("arm");
  }

  @Test
  void one_refused_job_names_itself_and_nothing_of_the_batch_is_created() {
    List<JobRequest> batch =
        List.of(
            JobRequest.of("alice", "a", "exit 0", List.of("board0")),
            JobRequest.of("alice", "b", "exit 0", List.of("board1")),
            JobRequest.of("alice", "c", "exit 0", List.of("board9")));

    assertThatThrownBy(() -> jobs.createAll(batch))
        .isInstanceOf(NotFoundException.class)
        .hasMessageStartingWith("job 3 of 3 ('c'): host 'board9' not found");
    assertThatThrownBy(
            () ->
                jobs.createAll(
                    List.of(
                        batch.get(0),
                        metaHost("alice", "d", "arm"),
                        metaHost("alice", "e", "arm", "arm"))))
        .isInstanceOf(InfeasibleJobException.class)
        .hasMessageStartingWith("job 3 of 3 ('e'): job 'e' asks for 2 hosts with label arm");
    assertThat(jobs.list(null, null, 100)).isEmpty();
  }

  @Test
  void a_server_side_job_of_a_user_who_is_no_admin_refuses_the_batch() {
    JobRequest plain = JobRequest.of("alice", "a", "exit 0", List.of("board0"));
    JobRequest server =
        new JobRequest(
            "alice",
            "s",
            "exit 0",
            ControlType.SERVER,
            List.of("board0"),
            List.of(),
            plain.priority(),
            1,
            plain.timeout(),
            plain.maxRuntime(),
            false,
            plain.rebootBefore(),
            plain.rebootAfter(),
            "",
            List.of());

    assertThatThrownBy(() -> jobs.createAll(List.of(plain, server)))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageStartingWith("job 2 of 2 ('s'): only admins may submit server-side");
    assertThat(jobs.list(null, null, 100)).isEmpty();
  }

  @Test
  void an_empty_batch_and_one_past_the_limit_are_refused() {
    JobRequest one = JobRequest.of("alice", "a", "exit 0", List.of("board0"));
    List<JobRequest> tooMany = new ArrayList<>(Collections.nCopies(JobStore.MAX_BATCH + 1, one));

    assertThatThrownBy(() -> jobs.createAll(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a batch holds from 1 to 1000 jobs, this one 0");
    assertThatThrownBy(() -> jobs.createAll(tooMany))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a batch holds from 1 to 1000 jobs, this one 1001");
    assertThat(jobs.createAll(Collections.nCopies(JobStore.MAX_BATCH, one)))
        .hasSize(JobStore.MAX_BATCH);
  }

  private static JobRequest metaHost(String owner, String name, String... labels) {
    JobRequest r = JobRequest.of(owner, name, "exit 0", List.of("board0"));
    return new JobRequest(
        owner,
        name,
        "exit 0",
        ControlType.CLIENT,
        List.of(),
        List.of(labels),
        r.priority(),
        1,
        r.timeout(),
        r.maxRuntime(),
        false,
        r.rebootBefore(),
        r.rebootAfter(),
        "",
        List.of());
  }
}
