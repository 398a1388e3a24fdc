package hangar.store;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.lab.JobFilter;
import hangar.lab.JobRequest;
import hangar.lab.JobStatus;
import hangar.lab.JobView;
import hangar.lab.Protection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job list's filters: by name (any case, % and _ taken literally), label and day. */
abstract class JobFilterContractTest extends DatabaseContract {
  private JobStore jobs;

  @BeforeEach
  void jobs() {
    HostStore hosts = new HostStore(database, clock);
    LabelStore labels = new LabelStore(database, clock);
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    hosts.create("board2", List.of(), Protection.NO_PROTECTION);
    labels.create("arm", false, false);
    labels.create("x86_64", false, false);
    labels.addHost("x86_64", "board1");
    labels.addHost("arm", "board2");
    jobs = new JobStore(database, clock);
    // The clock starts on 2026-03-01 10:15:30: one job that day, one on the 2nd, one on the 3rd.
    jobs.create(JobRequest.of("alice", "Nightly-DBENCH", "c", List.of("board1")));
    clock.advance(Duration.ofDays(1));
    jobs.create(JobRequest.of("bob", "100%_done", "c", List.of("board2")));
    clock.advance(Duration.ofDays(1));
    jobs.create(metaHost("alice", "wants-arm", "arm"));
  }

  private static JobRequest metaHost(String owner, String name, String label) {
    JobRequest r = JobRequest.of(owner, name, "c", List.of("board1"));
    return new JobRequest(
        r.owner(),
        r.name(),
        r.controlFile(),
        r.controlType(),
        List.of(),
        List.of(label),
        r.priority(),
        r.synchCount(),
        r.timeout(),
        r.maxRuntime(),
        r.runVerify(),
        r.rebootBefore(),
        r.rebootAfter(),
        r.emailList(),
        r.dependencies(),
        r.atomicGroup());
  }

  private List<String> names(JobFilter filter) {
    return jobs.list(filter, Page.first(100)).items().stream()
        .map(JobView::job)
        .map(j -> j.name())
        .toList();
  }

  @Test
  void a_name_filter_matches_a_part_in_any_case_and_takes_wildcards_literally() {
    assertThat(names(new JobFilter(null, null, "dbench", null, null, null)))
        .containsExactly("Nightly-DBENCH");
    assertThat(names(new JobFilter(null, null, "%_", null, null, null)))
        .containsExactly("100%_done");
    assertThat(names(new JobFilter(null, null, "_", null, null, null)))
        .containsExactly("100%_done");
    assertThat(names(new JobFilter("alice", null, "N", null, null, null)))
        .containsExactly("wants-arm", "Nightly-DBENCH");
  }

  @Test
  void a_label_filter_matches_meta_hosts_and_the_labels_of_named_hosts() {
    assertThat(names(new JobFilter(null, null, null, "arm", null, null)))
        .containsExactly("wants-arm", "100%_done");
    assertThat(names(new JobFilter(null, null, null, "x86_64", null, null)))
        .containsExactly("Nightly-DBENCH");
  }

  @Test
  void since_and_until_take_whole_days() {
    JobFilter sixth =
        JobFilter.of(
            name ->
                switch (name) {
                  case "since", "until" -> "2026-03-02";
                  default -> null;
                });
    assertThat(names(sixth)).containsExactly("100%_done");
    assertThat(names(JobFilter.of(name -> name.equals("since") ? "2026-03-02T00:00:00Z" : null)))
        .containsExactly("wants-arm", "100%_done");
    assertThat(names(JobFilter.of(name -> name.equals("status") ? "queued" : null))).hasSize(3);
    assertThat(names(new JobFilter(null, JobStatus.COMPLETED, null, null, null, null))).isEmpty();
  }
}
