package hangar.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.drone.LocalDrone;
import hangar.drone.WorkerDrone;
import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.store.SchedulerStore;
import hangar.testing.DaemonLink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sending Starting entries' sessions to their drones, against H2 and a real drone daemon whose
 * sessions run the control file as a shell script.
 */
class SessionLauncherTest extends OneDroneLab {

  private TickParts parts;
  private LabCache lab;
  private SessionLauncher launcher;

  @BeforeEach
  void wire() {
    parts = new TickParts(database, drone, dir, "launcher-test");
    lab = new LabCache(parts.hosts(), parts.jobs());
    launcher = new SessionLauncher(parts.deps(new Throttles(100, 100)), lab);
  }

  @Test
  void starting_entries_run_on_their_drone_and_become_running() throws Exception {
    Host a = parts.newHost();
    Host b = parts.newHost();
    HostQueueEntry first = parts.starting(parts.submit("exit 0", a), LocalDrone.NAME);
    HostQueueEntry second = parts.starting(parts.submit("exit 0", b), LocalDrone.NAME);

    launch(first, second);

    for (HostQueueEntry entry : List.of(first, second)) {
      assertThat(parts.now(entry).status()).isEqualTo(EntryStatus.RUNNING);
      assertThat(parts.now(entry).startedOn()).isEqualTo(parts.clock().instant());
      parts.awaitEnded(SessionIds.sessionId(entry));
      assertThat(Files.readString(resultsOf(entry).resolve("session-hosts")))
          .isEqualTo(entry.hostname());
    }
  }

  @Test
  void a_session_reaches_its_host_as_the_pool_read_last_says() throws Exception {
    Host host = parts.newHost();
    parts.hosts().setSsh(host.hostname(), "tester", 2222);
    HostQueueEntry entry = parts.starting(parts.submit("exit 0", host), LocalDrone.NAME);
    lab.refreshPool();

    launch(entry);

    parts.awaitEnded(SessionIds.sessionId(entry));
    assertThat(Files.readString(resultsOf(entry).resolve("session-hosts")))
        .isEqualTo("tester@" + host.hostname() + ":2222");
  }

  @Test
  void a_group_runs_one_session_over_its_hosts_in_name_order() throws Exception {
    Host a = parts.newHost();
    Host b = parts.newHost();
    long job = parts.submitSynchronous("echo ran >> runs", 2, a, b);
    List<HostQueueEntry> pending = parts.pending(parts.entryOn(job, a), parts.entryOn(job, b));
    assertThat(
            parts
                .entries()
                .groups()
                .startGroup(pending, "group0", LocalDrone.NAME, parts.scheduler()))
        .isTrue();
    HostQueueEntry onA = parts.entryOn(job, a);
    HostQueueEntry onB = parts.entryOn(job, b);

    launch(onB, onA);

    assertThat(parts.now(onA).status()).isEqualTo(EntryStatus.RUNNING);
    assertThat(parts.now(onB).status()).isEqualTo(EntryStatus.RUNNING);
    String session = SessionIds.sessionId(onA);
    assertThat(session).isEqualTo("grp-" + job + "-group0");
    parts.awaitEnded(session);
    Path folder = resultsOf(onA);
    assertThat(Files.readAllLines(folder.resolve("runs"))).as("one session").containsExactly("ran");
    assertThat(Files.readAllLines(folder.resolve("session-hosts")))
        .containsExactly(
            List.of(a.hostname(), b.hostname()).stream().sorted().toArray(String[]::new));
  }

  @Test
  void an_entry_meant_for_a_drone_no_longer_in_drones_is_requeued_and_frees_its_host() {
    Host gone = parts.newHost();
    Host kept = parts.newHost();
    HostQueueEntry orphan = parts.starting(parts.submit("exit 0", gone), "retired-drone");
    HostQueueEntry other = parts.starting(parts.submit("exit 0", kept), LocalDrone.NAME);

    launch(orphan, other);

    HostQueueEntry requeued = parts.now(orphan);
    assertThat(requeued.status()).isEqualTo(EntryStatus.QUEUED);
    assertThat(requeued.active()).isFalse();
    assertThat(requeued.drone()).isNull();
    assertThat(requeued.reason()).isEqualTo("drone retired-drone is no longer in drones");
    assertThat(parts.hosts().get(gone.id()).status()).isEqualTo(HostStatus.READY);
    assertThat(parts.sessionOf(orphan)).isEmpty();
    assertThat(parts.now(other).status())
        .as("the rest of the batch is not held up")
        .isEqualTo(EntryStatus.RUNNING);
  }

  @Test
  void entries_stay_starting_while_their_drone_does_not_answer_and_start_once_it_does() {
    WorkerDrone worker = new WorkerDrone("w1", parts.clock());
    DroneFleet fleet = new DroneFleet(List.of(worker), parts.results());
    launcher = new SessionLauncher(parts.deps(fleet, new Throttles(100, 100)), lab);
    Host host = parts.newHost();
    HostQueueEntry entry = parts.starting(parts.submit("exit 0", host), worker.name());

    launch(entry);

    assertThat(parts.now(entry).status()).isEqualTo(EntryStatus.STARTING);
    assertThat(parts.now(entry).drone()).isEqualTo(worker.name());
    assertThat(parts.hosts().get(host.id()).status()).isEqualTo(HostStatus.RUNNING);
    assertThat(parts.sessionOf(entry)).isEmpty();

    DaemonLink.connect(worker, drone, dir.resolve("worker-results"));
    launch(parts.now(entry));

    assertThat(parts.now(entry).status()).isEqualTo(EntryStatus.RUNNING);
    assertThat(parts.sessionOf(entry)).isPresent();
  }

  @Test
  void
      a_drone_refusing_a_whole_batch_keeps_its_entries_starting_and_the_other_drones_start_theirs() {
    WorkerDrone worker = new WorkerDrone("w1", parts.clock());
    DaemonLink link = DaemonLink.connect(worker, drone, dir.resolve("worker-results"));
    link.failRequests("start-all");
    DroneFleet fleet = new DroneFleet(List.of(worker, drone), parts.results());
    launcher = new SessionLauncher(parts.deps(fleet, new Throttles(100, 100)), lab);
    // The worker's batch is sent first: its refusal must not keep the local drone's from going.
    HostQueueEntry onWorker = parts.starting(parts.submit("exit 0", parts.newHost()), "w1");
    HostQueueEntry onLocal =
        parts.starting(parts.submit("exit 0", parts.newHost()), LocalDrone.NAME);

    launch(onWorker, onLocal);

    assertThat(parts.now(onLocal).status()).isEqualTo(EntryStatus.RUNNING);
    assertThat(parts.now(onWorker).status()).isEqualTo(EntryStatus.STARTING);
    assertThat(parts.sessionOf(onWorker)).isEmpty();

    link.passRequests("start-all");
    launch(parts.now(onWorker));

    assertThat(parts.now(onWorker).status()).isEqualTo(EntryStatus.RUNNING);
    assertThat(parts.sessionOf(onWorker)).isPresent();
  }

  @Test
  void an_entry_adopted_by_another_scheduler_since_it_was_read_is_not_sent() {
    SchedulerStore schedulers = new SchedulerStore(parts.database(), parts.clock());
    schedulers.register(parts.scheduler(), hangar.host.Machines.hostname(), 1);
    HostQueueEntry read = parts.starting(parts.submit("exit 0", parts.newHost()), LocalDrone.NAME);
    schedulers.adopt(parts.scheduler(), "heir-" + parts.scheduler());

    launch(read);

    assertThat(parts.sessionOf(read)).as("never sent to the drone").isEmpty();
    assertThat(parts.now(read).status()).isEqualTo(EntryStatus.STARTING);
  }

  @Test
  void a_session_the_drone_ran_and_forgot_is_not_run_again() throws Exception {
    HostQueueEntry entry =
        parts.starting(parts.submit("echo ran >> runs", parts.newHost()), LocalDrone.NAME);
    parts.startSession(drone, entry, "echo ran >> runs");
    parts.awaitEnded(SessionIds.sessionId(entry));
    drone.forgetAll(List.of(SessionIds.sessionId(entry)));

    launch(entry);

    assertThat(parts.sessionOf(entry)).as("not started again").isEmpty();
    assertThat(parts.now(entry).status()).isEqualTo(EntryStatus.FAILED);
    assertThat(parts.now(entry).reason()).contains("already ran its session");
  }

  private void launch(HostQueueEntry... starting) {
    List<HostQueueEntry> list = List.of(starting);
    launcher.launch(list, parts.jobs().jobs(EntryViews.jobIds(list)));
  }

  private Path resultsOf(HostQueueEntry entry) {
    return parts
        .results()
        .resolve(
            SessionIds.relativeResults(parts.jobs().get(entry.jobId()).job(), parts.now(entry)));
  }
}
