package hangar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.lab.ControlType;
import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostCommands;
import hangar.lab.HostPool;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.lab.InfeasibleJobException;
import hangar.lab.JobNeeds;
import hangar.lab.JobRequest;
import hangar.lab.JobStatus;
import hangar.lab.JobView;
import hangar.lab.Protection;
import hangar.lab.RebootAfter;
import hangar.lab.RebootBefore;
import hangar.results.ParsedResults;
import hangar.results.ParsedTest;
import hangar.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store must do on every database; run against H2, PostgreSQL and MariaDB by the
 * subclasses. The JVM runs in America/Los_Angeles (see the surefire settings), so instants that
 * survive a round trip prove the stores keep UTC.
 */
abstract class StoreContractTest extends DatabaseContract {
  private HostStore hosts;
  private LabelStore labels;
  private JobStore jobs;
  private HostQueueEntryStore entries;
  private AclStore acls;

  @BeforeEach
  void createStores() {
    hosts = new HostStore(database, clock);
    labels = new LabelStore(database);
    jobs = new JobStore(database, clock);
    entries = new HostQueueEntryStore(database, clock);
    acls = new AclStore(database, clock);
  }

  @Test
  void parsed_results_round_trip_and_a_second_parse_replaces_the_first() {
    ResultsDbStore results = new ResultsDbStore(database, clock);
    Instant started = Instant.parse("2026-12-02T01:00:00Z");
    ParsedTest dbench =
        new ParsedTest(
            "dbench",
            "dbench",
            "GOOD",
            "",
            started.plusSeconds(1),
            started.plusSeconds(9),
            "6.1.0",
            java.util.Map.of("version", "1"),
            List.of(
                new ParsedTest.Iteration(
                    1, java.util.Map.of("mode", "sync"), java.util.Map.of("throughput", 512.5)),
                new ParsedTest.Iteration(
                    2, java.util.Map.of(), java.util.Map.of("throughput", 498.0))));
    ParsedTest shell =
        new ParsedTest(
            "shell",
            "shell",
            "FAIL",
            "exit 3",
            started.plusSeconds(10),
            started.plusSeconds(11),
            "6.1.0",
            java.util.Map.of(),
            List.of());
    ParsedResults first =
        new ParsedResults(
            "board7",
            "alice",
            "nightly",
            started.minusSeconds(5),
            started,
            started.plusSeconds(12),
            "FAIL",
            "shell: exit 3",
            "6.1.0",
            java.util.Map.of("user", "alice", "drone", "d1"),
            List.of(dbench, shell),
            List.of("a warning that is not kept"));

    results.replace("12-alice/board7", 12L, "d1", first);
    results.replace(
        "12-alice/board8",
        12L,
        "d1",
        new ParsedResults(
            "board8",
            "alice",
            "nightly",
            null,
            null,
            null,
            "GOOD",
            "",
            "",
            java.util.Map.of(),
            List.of(),
            List.of()));

    List<ResultsDbStore.StoredResults> stored = results.forJob(12);
    assertThat(stored)
        .extracting(ResultsDbStore.StoredResults::tag)
        .containsExactly("12-alice/board7", "12-alice/board8");
    ResultsDbStore.StoredResults board7 = stored.get(0);
    assertThat(board7.jobId()).isEqualTo(12L);
    assertThat(board7.drone()).isEqualTo("d1");
    assertThat(board7.parsedOn()).isEqualTo(clock.instant());
    assertThat(board7.results())
        .isEqualTo(
            new ParsedResults(
                "board7",
                "alice",
                "nightly",
                started.minusSeconds(5),
                started,
                started.plusSeconds(12),
                "FAIL",
                "shell: exit 3",
                "6.1.0",
                java.util.Map.of("user", "alice", "drone", "d1"),
                List.of(dbench, shell),
                List.of()));

    results.replace(
        "12-alice/board7",
        12L,
        "d2",
        new ParsedResults(
            "board7",
            "alice",
            "nightly",
            null,
            started,
            null,
            "ABORT",
            "cut",
            "",
            java.util.Map.of(),
            List.of(shell),
            List.of()));
    assertThat(results.find("12-alice/board7").orElseThrow().results().tests())
        .containsExactly(shell);
    assertThat(results.find("12-alice/board7").orElseThrow().drone()).isEqualTo("d2");
    long leftAttributes =
        database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM result_iterations")
                        .mapTo(Long.class)
                        .one());
    assertThat(leftAttributes).as("iterations of the replaced parse are gone").isZero();
    assertThat(results.find("13-bob/x")).isEmpty();
  }

  @Test
  void workers_keep_only_their_token_hash_and_drones_can_be_drained() {
    DroneStore drones = new DroneStore(database, clock);
    drones.recordConfigured(List.of("localhost", "drone1"));
    drones.recordConfigured(List.of("localhost", "drone1"));

    String token = drones.createWorker("w1");

    assertThat(token).startsWith("hw_").hasSize(67);
    assertThat(drones.tokenMatches("w1", token)).isTrue();
    assertThat(drones.tokenMatches("w1", token + "x")).isFalse();
    assertThat(drones.tokenMatches("w1", null)).isFalse();
    assertThat(drones.tokenMatches("drone1", token)).isFalse();
    String stored =
        database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT token_sha256 FROM drones WHERE hostname = 'w1'")
                        .mapTo(String.class)
                        .one());
    assertThat(stored).hasSize(64).doesNotContain(token.substring(3));
    assertThatThrownBy(() -> drones.createWorker("w1"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("exists already");
    assertThatThrownBy(() -> drones.createWorker("drone1")).isInstanceOf(ConflictException.class);

    drones.setEnabled("drone1", false);
    assertThat(drones.disabled()).containsExactly("drone1");
    drones.setEnabled("drone1", true);
    assertThat(drones.disabled()).isEmpty();
    assertThatThrownBy(() -> drones.setEnabled("nope", false))
        .isInstanceOf(NotFoundException.class);
    assertThat(drones.list())
        .extracting(DroneStore.DroneRow::name, DroneStore.DroneRow::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("drone1", DroneStore.KIND_CONFIGURED),
            org.assertj.core.groups.Tuple.tuple("localhost", DroneStore.KIND_CONFIGURED),
            org.assertj.core.groups.Tuple.tuple("w1", DroneStore.KIND_WORKER));
    drones.deleteWorker("w1");
    assertThat(drones.tokenMatches("w1", token)).isFalse();
  }

  @Test
  void migrations_are_idempotent_on_a_second_open() {
    try (Database again = Database.open(settings, dir)) {
      assertThat(new HostStore(again, clock).list()).isEmpty();
    }
  }

  @Test
  void created_host_is_ready_unlocked_and_carries_its_labels() {
    labels.create("x86_64", true, false);
    labels.create("fast", false, false);

    Host host = hosts.create("board1", List.of("x86_64", "fast"), Protection.NO_PROTECTION);

    assertThat(host.status()).isEqualTo(HostStatus.READY);
    assertThat(host.locked()).isFalse();
    assertThat(host.labels()).containsExactly("fast", "x86_64");
    assertThat(hosts.list()).extracting(Host::hostname).containsExactly("board1");
  }

  @Test
  void duplicate_host_is_refused() {
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);

    assertThatThrownBy(() -> hosts.create("board1", List.of(), Protection.NO_PROTECTION))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void host_with_unknown_label_is_not_created() {
    assertThatThrownBy(() -> hosts.create("board1", List.of("nope"), Protection.NO_PROTECTION))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("label 'nope' not found");
    assertThat(hosts.find("board1")).isEmpty();
  }

  @Test
  void a_host_keeps_its_power_and_console_commands_and_drops_an_emptied_one() {
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    assertThat(hosts.get("board1").commands()).isEqualTo(HostCommands.NONE);

    hosts.setCommands("board1", "pdu on 3", "pdu off 3", "pdu reboot 3", "telnet pdu1 6003");
    Host changed = hosts.setCommands("board1", null, "", null, null);

    assertThat(changed.commands())
        .isEqualTo(new HostCommands("pdu on 3", "", "pdu reboot 3", "telnet pdu1 6003"));
    assertThat(hosts.get("board1").commands()).isEqualTo(changed.commands());
    assertThatThrownBy(() -> hosts.setCommands("board1", "a\nb", null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("power_on command must be one line");
  }

  @Test
  void a_host_keeps_how_it_is_reached_over_ssh_and_goes_back_to_the_defaults() {
    Host plain = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    assertThat(plain.sshTarget()).isEqualTo("board1");

    Host set = hosts.setSsh("board1", "tester", 2222);
    assertThat(set.sshUser()).isEqualTo("tester");
    assertThat(set.sshPort()).isEqualTo(2222);
    assertThat(hosts.get("board1").sshTarget()).isEqualTo("tester@board1:2222");
    assertThat(hosts.setSsh("board1", null, 0).sshTarget()).isEqualTo("tester@board1");
    assertThat(hosts.setSsh("board1", "", null).sshTarget()).isEqualTo("board1");
    assertThatThrownBy(() -> hosts.setSsh("board1", "bad user", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SSH user 'bad user' is not valid");
    assertThatThrownBy(() -> hosts.setSsh("board1", null, 70000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lock_keeps_who_when_and_why_in_utc() {
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);

    Host locked = hosts.lock("board1", "alice", "flaky disk");

    assertThat(locked.locked()).isTrue();
    assertThat(locked.lockedBy()).isEqualTo("alice");
    assertThat(locked.lockReason()).isEqualTo("flaky disk");
    assertThat(locked.lockedOn()).isEqualTo(clock.instant());
    assertThat(hosts.unlock("board1").locked()).isFalse();
  }

  @Test
  void protection_changes_and_unknown_host_says_how_to_list() {
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);

    assertThat(hosts.protect("board1", Protection.DO_NOT_REPAIR).protection())
        .isEqualTo(Protection.DO_NOT_REPAIR);
    assertThatThrownBy(() -> hosts.lock("ghost", "a", "b"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("hangar host list");
  }

  @Test
  void platform_label_replaces_the_hosts_previous_platform() {
    labels.create("x86_64", true, false);
    labels.create("arm64", true, false);
    labels.create("ssd", false, true);
    hosts.create("board1", List.of("x86_64", "ssd"), Protection.NO_PROTECTION);

    labels.addHost("arm64", "board1");

    assertThat(hosts.get("board1").labels()).containsExactly("arm64", "ssd");
    assertThat(labels.get("ssd").onlyIfNeeded()).isTrue();
    assertThat(labels.removeHost("ssd", "board1").hostCount()).isZero();
  }

  @Test
  void job_gets_one_queued_entry_per_host() {
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    hosts.create("board2", List.of(), Protection.NO_PROTECTION);

    JobView job =
        jobs.create(
            JobRequest.of(
                "admin", "first", "job.run_test('sleeptest')", hosts("board1", "board2")));

    assertThat(job.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(job.job().createdOn()).isEqualTo(clock.instant());
    assertThat(job.entries())
        .extracting(HostQueueEntry::hostname, HostQueueEntry::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("board1", EntryStatus.QUEUED),
            org.assertj.core.groups.Tuple.tuple("board2", EntryStatus.QUEUED));
  }

  @Test
  void job_naming_an_unknown_host_creates_nothing() {
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);

    assertThatThrownBy(
            () -> jobs.create(JobRequest.of("admin", "x", "pass", hosts("board1", "ghost"))))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("host 'ghost' not found");
    assertThat(jobs.list(null, null, 10)).isEmpty();
  }

  @Test
  void a_host_is_claimed_by_one_entry_only() {
    Host board = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    jobs.create(JobRequest.of("admin", "a", "pass", hosts("board1")));
    jobs.create(JobRequest.of("admin", "b", "pass", hosts("board1")));
    List<HostQueueEntry> queued = entries.queued(10);

    boolean first = entries.claim(queued.get(0), board.id(), "board1", "localhost", "s1");
    boolean second = entries.claim(queued.get(1), board.id(), "board1", "localhost", "s1");

    assertThat(first).isTrue();
    assertThat(second).isFalse();
    assertThat(hosts.get("board1").status()).isEqualTo(HostStatus.RUNNING);
    assertThat(entries.queued(10)).hasSize(1);
  }

  @Test
  void a_stale_entry_version_loses_the_claim() {
    Host board = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    JobView job = jobs.create(JobRequest.of("admin", "a", "pass", hosts("board1")));
    HostQueueEntry stale = job.entries().get(0);
    jobs.requestAbort(job.job().id(), "aborted by admin");

    assertThat(entries.claim(stale, board.id(), "board1", "localhost", "s1")).isFalse();
    assertThat(hosts.get("board1").status()).isEqualTo(HostStatus.READY);
  }

  @Test
  void locked_host_is_not_claimed() {
    Host board = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    jobs.create(JobRequest.of("admin", "a", "pass", hosts("board1")));
    hosts.lock("board1", "alice", "maintenance");

    assertThat(entries.claim(entries.queued(1).get(0), board.id(), "board1", "localhost", "s1"))
        .isFalse();
  }

  @Test
  void finishing_the_last_entry_frees_the_host_and_finishes_the_job() {
    Host board = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    long jobId = jobs.create(JobRequest.of("admin", "a", "pass", hosts("board1"))).job().id();
    HostQueueEntry entry = entries.queued(1).get(0);
    entries.claim(entry, board.id(), "board1", "localhost", "s1");
    HostQueueEntry starting = entries.active().get(0);
    assertThat(entries.transition(starting, EntryStatus.STARTING, EntryStatus.RUNNING)).isTrue();
    clock.advance(Duration.ofSeconds(90));

    boolean finished =
        entries.finish(entries.active().get(0), EntryStatus.RUNNING, EntryStatus.FAILED, "boom");

    assertThat(finished).isTrue();
    JobView job = jobs.get(jobId);
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.finishedOn()).isEqualTo(clock.instant());
    assertThat(job.entries().get(0).reason()).isEqualTo("boom");
    assertThat(job.entries().get(0).startedOn()).isEqualTo(clock.instant().minusSeconds(90));
    Host after = hosts.get("board1");
    assertThat(after.status()).isEqualTo(HostStatus.READY);
    assertThat(after.dirty()).isTrue();
    assertThat(entries.active()).isEmpty();
  }

  @Test
  void unfinished_entries_are_counted_by_status_and_finished_ones_are_left_out() {
    Host board = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    hosts.create("board2", List.of(), Protection.NO_PROTECTION);
    jobs.create(JobRequest.of("admin", "a", "pass", hosts("board1", "board2")));
    jobs.create(JobRequest.of("admin", "b", "pass", hosts("board2")));
    jobs.create(JobRequest.of("admin", "c", "pass", hosts("board2")));
    HostQueueEntry first = entries.queued(1).get(0);
    entries.claim(first, board.id(), "board1", "localhost", "s1");
    HostQueueEntry last = entries.queued(10).get(2);
    entries.finish(last, EntryStatus.QUEUED, EntryStatus.ABORTED, "aborted by user");

    var counts = entries.countUnfinishedByStatus();

    assertThat(counts)
        .containsEntry(EntryStatus.QUEUED, 2L)
        .containsEntry(EntryStatus.STARTING, 1L)
        .containsEntry(EntryStatus.RUNNING, 0L)
        .doesNotContainKeys(EntryStatus.ABORTED, EntryStatus.COMPLETED);
  }

  @Test
  void finish_from_the_wrong_status_changes_nothing() {
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    jobs.create(JobRequest.of("admin", "a", "pass", hosts("board1")));
    HostQueueEntry entry = entries.queued(1).get(0);

    assertThat(entries.finish(entry, EntryStatus.RUNNING, EntryStatus.COMPLETED, "")).isFalse();
    assertThat(entries.queued(1)).hasSize(1);
  }

  @Test
  void an_illegal_status_change_is_refused_and_changes_nothing() {
    Host board = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    jobs.create(JobRequest.of("admin", "a", "pass", hosts("board1")));
    HostQueueEntry queued = entries.queued(1).get(0);

    assertThat(entries.transition(queued, EntryStatus.QUEUED, EntryStatus.RUNNING)).isFalse();
    assertThat(hosts.transition(board.id(), HostStatus.READY, HostStatus.REPAIR_FAILED)).isFalse();

    assertThat(entries.queued(1))
        .extracting(HostQueueEntry::status)
        .containsExactly(EntryStatus.QUEUED);
    assertThat(hosts.get("board1").status()).isEqualTo(HostStatus.READY);
  }

  @Test
  void requeue_returns_entry_and_host() {
    Host board = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    jobs.create(JobRequest.of("admin", "a", "pass", hosts("board1")));
    entries.claim(entries.queued(1).get(0), board.id(), "board1", "localhost", "s1");

    assertThat(entries.requeue(entries.active().get(0), "drone refused")).isTrue();

    assertThat(entries.queued(1))
        .extracting(HostQueueEntry::reason)
        .containsExactly("drone refused");
    assertThat(hosts.get("board1").status()).isEqualTo(HostStatus.READY);
  }

  @Test
  void queued_entries_come_by_priority_then_age() {
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    long low = jobs.create(JobRequest.of("admin", "low", "pass", hosts("board1"))).job().id();
    JobRequest urgent = JobRequest.of("admin", "urgent", "pass", hosts("board1"));
    long high =
        jobs.create(
                new JobRequest(
                    urgent.owner(),
                    urgent.name(),
                    urgent.controlFile(),
                    urgent.controlType(),
                    urgent.hosts(),
                    urgent.metaHosts(),
                    3,
                    1,
                    urgent.timeout(),
                    urgent.maxRuntime(),
                    false,
                    urgent.rebootBefore(),
                    urgent.rebootAfter(),
                    "",
                    List.of()))
            .job()
            .id();

    assertThat(entries.queued(10)).extracting(HostQueueEntry::jobId).containsExactly(high, low);
  }

  @Test
  void host_in_use_is_not_deleted_and_the_jobs_are_named() {
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    long id = jobs.create(JobRequest.of("admin", "a", "pass", hosts("board1"))).job().id();

    assertThatThrownBy(() -> hosts.delete("board1", false))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("[" + id + "]");
  }

  @Test
  void jobs_list_filters_by_owner_and_status() {
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    jobs.create(JobRequest.of("alice", "a", "pass", hosts("board1")));
    jobs.create(JobRequest.of("bob", "b", "pass", hosts("board1")));

    assertThat(jobs.list("alice", null, 10)).extracting(j -> j.job().name()).containsExactly("a");
    assertThat(jobs.list(null, JobStatus.QUEUED, 10)).hasSize(2);
    assertThat(jobs.list(null, JobStatus.COMPLETED, 10)).isEmpty();
  }

  @Test
  void instants_keep_microseconds() {
    SettableClock fine = new SettableClock(Instant.parse("2030-12-31T23:59:59.123456Z"));
    Host host = new HostStore(database, fine).create("board1", List.of(), Protection.NO_PROTECTION);

    assertThat(new HostStore(database, fine).lock(host.hostname(), "a", "b").lockedOn())
        .isEqualTo(Instant.parse("2030-12-31T23:59:59.123456Z"));
  }

  @Test
  void meta_host_job_gets_an_entry_per_wanted_host_and_its_owner_joins_everyone() {
    labels.create("x86_64", false, false);
    hosts.create("board1", List.of("x86_64"), Protection.NO_PROTECTION);
    hosts.create("board2", List.of("x86_64"), Protection.NO_PROTECTION);

    JobView job = jobs.create(request("alice", List.of(), List.of("x86_64", "x86_64"), List.of()));

    assertThat(job.entries())
        .extracting(HostQueueEntry::metaHost, HostQueueEntry::hostId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("x86_64", null),
            org.assertj.core.groups.Tuple.tuple("x86_64", null));
    JobNeeds needs = jobs.needs(job.entries()).get(job.job().id());
    assertThat(needs.owner()).isEqualTo("alice");
    assertThat(needs.aclGroups()).containsExactly(AclStore.EVERYONE);
    assertThat(needs.superuser()).isFalse();
    long adminJob =
        jobs.create(request("admin", List.of("board1"), List.of(), List.of())).job().id();
    assertThat(jobs.needs(jobs.get(adminJob).entries()).get(adminJob).superuser()).isTrue();
  }

  @Test
  void only_an_admin_may_submit_a_server_side_job() {
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    JobRequest alices = serverSide(request("alice", List.of("board1"), List.of(), List.of()));

    assertThatThrownBy(() -> jobs.create(alices))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("only admins may submit server-side control files; alice is not");
    assertThat(jobs.list(null, null, 10)).isEmpty();
    JobView admins =
        jobs.create(serverSide(request("admin", List.of("board1"), List.of(), List.of())));
    assertThat(admins.job().controlType()).isEqualTo(ControlType.SERVER);
  }

  private static JobRequest serverSide(JobRequest r) {
    return new JobRequest(
        r.owner(),
        r.name(),
        r.controlFile(),
        ControlType.SERVER,
        r.hosts(),
        r.metaHosts(),
        r.priority(),
        r.synchCount(),
        r.timeout(),
        r.maxRuntime(),
        r.runVerify(),
        r.rebootBefore(),
        r.rebootAfter(),
        r.emailList(),
        r.dependencies());
  }

  @Test
  void a_job_asking_for_a_label_no_host_carries_is_refused_and_nothing_is_created() {
    labels.create("arm", false, false);
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);

    assertThatThrownBy(() -> jobs.create(request("admin", List.of(), List.of("arm"), List.of())))
        .isInstanceOf(InfeasibleJobException.class)
        .hasMessageContaining("asks for a host with label arm, which no host carries")
        .hasMessageContaining("hangar label add arm -m HOST");
    assertThatThrownBy(
            () -> jobs.create(request("admin", List.of("board1"), List.of(), List.of("arm"))))
        .isInstanceOf(InfeasibleJobException.class)
        .hasMessageContaining("depends on label arm, which no host carries");
    assertThat(jobs.list(null, null, 10)).isEmpty();
  }

  @Test
  void a_meta_host_count_above_the_hosts_that_could_ever_match_is_refused() {
    labels.create("x86_64", false, false);
    labels.create("usb", false, false);
    hosts.create("board1", List.of("x86_64", "usb"), Protection.NO_PROTECTION);
    hosts.create("board2", List.of("x86_64", "usb"), Protection.NO_PROTECTION);
    hosts.create("board3", List.of("x86_64"), Protection.NO_PROTECTION);
    hosts.lock("board2", "alice", "locked hosts still count");

    jobs.create(request("admin", List.of(), List.of("x86_64", "x86_64"), List.of("usb")));

    assertThatThrownBy(
            () ->
                jobs.create(
                    request("admin", List.of(), Collections.nCopies(3, "x86_64"), List.of("usb"))))
        .isInstanceOf(InfeasibleJobException.class)
        .hasMessageContaining("asks for 3 hosts with label x86_64 but only 2 could ever run it")
        .hasMessageContaining("3 carry it; 1 lacks dependency usb");
    assertThat(jobs.list(null, null, 10)).hasSize(1);
    assertThatThrownBy(
            () ->
                jobs.create(
                    request("admin", List.of(), Collections.nCopies(4, "x86_64"), List.of())))
        .hasMessageEndingWith(
            "asks for 4 hosts with label x86_64 but only 3 could ever run it (3 carry it); ask for"
                + " fewer or put the label on more hosts");
  }

  @Test
  void a_named_host_lacking_a_dependency_is_refused_with_the_way_out() {
    labels.create("usb", false, false);
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    hosts.create("board2", List.of("usb"), Protection.NO_PROTECTION);

    assertThatThrownBy(
            () -> jobs.create(request("admin", List.of("board1"), List.of(), List.of("usb"))))
        .isInstanceOf(InfeasibleJobException.class)
        .hasMessageContaining("cannot run on host board1: it lacks dependency usb")
        .hasMessageContaining("hangar label add usb -m board1");
    assertThat(jobs.list(null, null, 10)).isEmpty();
  }

  @Test
  void acl_groups_decide_which_hosts_a_user_may_name_and_a_superuser_may_name_any() {
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    acls.create("lab-a", "team a");
    acls.addHost("lab-a", "board1");
    acls.removeHost(AclStore.EVERYONE, "board1");

    assertThatThrownBy(() -> jobs.create(request("bob", List.of("board1"), List.of(), List.of())))
        .isInstanceOf(hangar.lab.AclViolationException.class)
        .hasMessageContaining("bob shares no ACL group with it");
    acls.addUser("lab-a", "carol");
    assertThat(jobs.create(request("carol", List.of("board1"), List.of(), List.of())).entries())
        .hasSize(1);
    assertThat(jobs.create(request("admin", List.of("board1"), List.of(), List.of())).entries())
        .hasSize(1);
    assertThat(acls.groupsOfHost("board1")).containsExactly("lab-a");
  }

  @Test
  void forced_host_delete_fails_queued_entries_aborts_active_ones_and_hides_the_host() {
    Host board = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    long running = jobs.create(JobRequest.of("admin", "r", "pass", hosts("board1"))).job().id();
    long queued = jobs.create(JobRequest.of("admin", "q", "pass", hosts("board1"))).job().id();
    entries.claim(entries.queued(1).get(0), board.id(), "board1", "localhost", "s1");

    assertThatThrownBy(() -> hosts.delete("board1", false))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("[" + running + ", " + queued + "]")
        .hasMessageContaining("hangar host delete --force board1");
    hosts.delete("board1", true);

    JobView failed = jobs.get(queued);
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.entries().get(0).reason()).isEqualTo("host deleted");
    assertThat(failed.finishedOn()).isEqualTo(clock.instant());
    HostQueueEntry active = jobs.get(running).entries().get(0);
    assertThat(active.status()).isEqualTo(EntryStatus.STARTING);
    assertThat(active.aborted()).isTrue();
    assertThat(hosts.list()).isEmpty();
    assertThat(hosts.find("board1")).isEmpty();
    assertThat(hosts.listDeleted()).extracting(Host::hostname).containsExactly("board1");
    assertThat(hosts.pool().hosts()).isEmpty();
    assertThatThrownBy(() -> jobs.create(JobRequest.of("admin", "x", "pass", hosts("board1"))))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void a_deleted_host_created_again_gets_its_row_and_history_back() {
    Host board = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    hosts.delete("board1", false);

    Host again = hosts.create("board1", List.of(), Protection.DO_NOT_REPAIR);

    assertThat(again.id()).isEqualTo(board.id());
    assertThat(again.protection()).isEqualTo(Protection.DO_NOT_REPAIR);
    assertThat(acls.groupsOfHost("board1")).containsExactly(AclStore.EVERYONE);
    assertThat(hosts.listDeleted()).isEmpty();
  }

  @Test
  void forced_label_delete_fails_the_entries_that_need_it_and_leaves_others() {
    labels.create("x86_64", false, false);
    labels.create("usb", false, false);
    hosts.create("board1", List.of("x86_64", "usb"), Protection.NO_PROTECTION);
    long meta = jobs.create(request("admin", List.of(), List.of("x86_64"), List.of())).job().id();
    long depends =
        jobs.create(request("admin", List.of("board1"), List.of(), List.of("usb"))).job().id();
    long other = jobs.create(request("admin", List.of("board1"), List.of(), List.of())).job().id();

    assertThatThrownBy(() -> labels.delete("usb", false))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("[" + depends + "]");
    labels.delete("usb", true);
    labels.delete("x86_64", true);

    assertThat(jobs.get(depends).entries().get(0).reason()).isEqualTo("label usb deleted");
    assertThat(jobs.get(meta).status()).isEqualTo(JobStatus.FAILED);
    assertThat(jobs.get(meta).entries().get(0).metaHost()).isEqualTo("x86_64");
    assertThat(jobs.get(other).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(labels.list()).isEmpty();
    assertThat(hosts.get("board1").labels()).isEmpty();
    assertThat(labels.create("usb", false, true).onlyIfNeeded()).isTrue();
  }

  @Test
  void the_pool_holds_valid_hosts_with_acl_groups_and_the_only_if_needed_labels() {
    labels.create("x86_64", false, false);
    labels.create("gpu", false, true);
    hosts.create("board1", List.of("x86_64", "gpu"), Protection.NO_PROTECTION);
    hosts.create("board2", List.of(), Protection.NO_PROTECTION);
    hosts.delete("board2", false);

    HostPool pool = hosts.pool();

    assertThat(pool.onlyIfNeededLabels()).containsExactly("gpu");
    assertThat(pool.hosts()).hasSize(1);
    assertThat(pool.hosts().get(0).host().labels()).containsExactly("gpu", "x86_64");
    assertThat(pool.hosts().get(0).aclGroups()).containsExactly(AclStore.EVERYONE);
  }

  @Test
  void a_pool_snapshot_reuses_labels_until_the_lab_generation_moves() {
    labels.create("x86_64", false, false);
    Host board = hosts.create("board1", List.of("x86_64"), Protection.NO_PROTECTION);
    HostStore.PoolSnapshot first = hosts.pool(null);
    assertThat(first.pool().hosts().get(0).host().labels()).containsExactly("x86_64");

    // A status change is seen at once, without reading labels again.
    hosts.transition(board.id(), HostStatus.READY, HostStatus.RUNNING);
    clock.advance(Duration.ofSeconds(5));
    HostStore.PoolSnapshot second = hosts.pool(first);
    assertThat(second.pool().hosts().get(0).host().status()).isEqualTo(HostStatus.RUNNING);
    assertThat(second.pool().hosts().get(0).host().labels()).containsExactly("x86_64");
    assertThat(second.fullReadOn()).isEqualTo(first.fullReadOn());

    // A label put on the host moves the generation: everything is read again.
    labels.create("gpu", false, true);
    labels.addHost("gpu", "board1");
    HostStore.PoolSnapshot third = hosts.pool(second);
    assertThat(third.generation()).isGreaterThan(second.generation());
    assertThat(third.pool().hosts().get(0).host().labels()).containsExactly("gpu", "x86_64");
    assertThat(third.pool().onlyIfNeededLabels()).containsExactly("gpu");

    // So does an ACL group change, and a new host is read with its labels.
    acls.create("lab-a", "");
    acls.addHost("lab-a", "board1");
    hosts.create("board2", List.of("x86_64"), Protection.NO_PROTECTION);
    HostStore.PoolSnapshot fourth = hosts.pool(third);
    assertThat(fourth.pool().hosts())
        .extracting(a -> a.host().hostname(), a -> a.host().labels())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("board1", List.of("gpu", "x86_64")),
            org.assertj.core.groups.Tuple.tuple("board2", List.of("x86_64")));
    assertThat(fourth.pool().hosts().get(0).aclGroups()).contains("lab-a");

    // And whatever the generation, labels are read again after a while.
    clock.advance(HostStore.POOL_FULL_READ_EVERY);
    assertThat(hosts.pool(fourth).fullReadOn()).isEqualTo(clock.instant());
  }

  private static JobRequest request(
      String owner, List<String> named, List<String> metaHosts, List<String> dependencies) {
    return new JobRequest(
        owner,
        "job",
        "pass",
        ControlType.CLIENT,
        named,
        metaHosts,
        1,
        1,
        JobRequest.DEFAULT_TIMEOUT,
        JobRequest.DEFAULT_TIMEOUT,
        false,
        RebootBefore.NEVER,
        RebootAfter.NEVER,
        "",
        dependencies);
  }

  private static List<String> hosts(String... names) {
    return List.of(names);
  }
}
