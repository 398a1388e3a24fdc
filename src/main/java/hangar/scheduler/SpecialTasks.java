package hangar.scheduler;

import hangar.HangarException;
import hangar.autoserv.HostChecks;
import hangar.autoserv.SessionKind;
import hangar.autoserv.SessionSpec;
import hangar.autoserv.Verdict;
import hangar.drone.Drone;
import hangar.drone.SessionState;
import hangar.lab.ControlType;
import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.Job;
import hangar.lab.Protection;
import hangar.lab.RebootAfter;
import hangar.lab.RebootBefore;
import hangar.lab.SpecialTask;
import hangar.lab.SpecialTaskType;
import hangar.store.HostQueueEntryStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.SpecialTaskStore;
import hangar.store.TaskCompletion;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's special tasks, after Autotest's {@code SpecialAgentTask}s: verify and cleanup
 * before a job ({@code run_verify}, {@code reboot_before}), cleanup after one ({@code
 * reboot_after}), repair after a failed verify or cleanup, periodic reverify, and verifies asked by
 * hand. Each runs as an autoserv session {@code task-<id>} on the drone, writing {@code
 * <results>/hosts/<host>/<id>-<task>/}. The tick calls it; every change is a guarded update in
 * {@link SpecialTaskStore}.
 */
public final class SpecialTasks {
  private static final Logger LOG = LoggerFactory.getLogger(SpecialTasks.class);

  /** The owner recorded in a special task's keyvals (Autotest's default {@code requested_by}). */
  static final String OWNER = "autotest_system";

  private final SpecialTaskStore tasks;
  private final HostStore hosts;
  private final JobStore jobs;
  private final HostQueueEntryStore entries;
  private final Drone drone;
  private final Path resultsDir;
  private final HostChecks checks;
  private final Duration reverifyPeriod;
  private final int reverifyMaxHostsAtOnce;
  private final Clock clock;
  private Instant lastReverify;

  /**
   * Wires the special tasks of one dispatcher.
   *
   * @param resultsDir the results directory; tasks write under {@code hosts/}
   * @param checks what verify checks (minimum free disk) and repair uses
   * @param reverifyPeriod how often idle and Repair Failed hosts are verified again; zero for never
   * @param reverifyMaxHostsAtOnce hosts verified again per round, 0 for all
   * @param clock judges the reverify period
   */
  public SpecialTasks(
      SpecialTaskStore tasks,
      HostStore hosts,
      JobStore jobs,
      HostQueueEntryStore entries,
      Drone drone,
      Path resultsDir,
      HostChecks checks,
      Duration reverifyPeriod,
      int reverifyMaxHostsAtOnce,
      Clock clock) {
    this.tasks = tasks;
    this.hosts = hosts;
    this.jobs = jobs;
    this.entries = entries;
    this.drone = drone;
    this.resultsDir = resultsDir;
    this.checks = checks;
    this.reverifyPeriod = reverifyPeriod;
    this.reverifyMaxHostsAtOnce = reverifyMaxHostsAtOnce;
    this.clock = clock;
  }

  /**
   * The task a claimed entry needs before its job runs, as Autotest's {@code
   * Job.schedule_pre_job_tasks}: a cleanup if {@code reboot_before} is Always, or If dirty on a
   * dirty host; else a verify if {@code run_verify} and the host is not "Do not verify".
   */
  static Optional<SpecialTaskType> beforeJob(Job job, Host host) {
    boolean clean =
        job.rebootBefore() == RebootBefore.ALWAYS
            || (job.rebootBefore() == RebootBefore.IF_DIRTY && host.dirty());
    if (clean) {
      return Optional.of(SpecialTaskType.CLEANUP);
    }
    if (Outcomes.verifies(job, host)) {
      return Optional.of(SpecialTaskType.VERIFY);
    }
    return Optional.empty();
  }

  /**
   * True when a job's end brings a cleanup, as Autotest's {@code _reboot_hosts}: always after an
   * aborted session, else {@code reboot_after} Always, or If all tests passed and the entry
   * completed.
   */
  static boolean cleansAfter(Job job, EntryStatus status) {
    return status == EntryStatus.ABORTED
        || job.rebootAfter() == RebootAfter.ALWAYS
        || (job.rebootAfter() == RebootAfter.IF_ALL_TESTS_PASSED
            && status == EntryStatus.COMPLETED);
  }

  /**
   * Gives the host to the entry for its pre-job task and starts the task's session.
   *
   * @return true if this scheduler won the host and the entry
   */
  boolean claimForEntry(
      String scheduler, HostQueueEntry entry, Host host, SpecialTaskType type, String jobDrone) {
    Optional<SpecialTask> task =
        tasks.claimForEntry(entry, host.id(), type, host.hostname(), jobDrone, scheduler);
    if (task.isEmpty()) {
      LOG.debug("job={} hqe={} lost the claim on host={}", entry.jobId(), entry.id(), host);
      return false;
    }
    LOG.info(
        "job={} hqe={} host={} {} before the job (task={})",
        entry.jobId(),
        entry.id(),
        host.hostname(),
        type.tag(),
        task.get().id());
    start(scheduler, task.get());
    return true;
  }

  /**
   * Follows this scheduler's active tasks: a task whose session ended is completed with its effect
   * on host and entry, and one whose session the drone does not know (just chained, or the start
   * was lost in a crash) is started; drones take a session id once, so none runs twice.
   *
   * @return how many sessions it started
   */
  int follow(String scheduler, Map<String, SessionState> sessions) {
    for (SpecialTask task : tasks.activeFor(scheduler)) {
      SessionState session = sessions.get(task.sessionId());
      if (session != null && !session.running()) {
        boolean ok = session.outcome().verdict().compareTo(Verdict.WARN) <= 0;
        if (end(scheduler, task, ok, session.outcome().reason())) {
          drone.forget(session.sessionId());
        }
      }
    }
    int started = 0;
    for (SpecialTask task : tasks.activeFor(scheduler)) {
      if (!sessions.containsKey(task.sessionId()) && start(scheduler, task)) {
        started++;
      }
    }
    return started;
  }

  /**
   * Asks for the periodic verifies once per {@code reverify_period_minutes}: hosts that are Repair
   * Failed (Autotest's {@code _reverify_dead_hosts}) and idle Ready hosts not verified within the
   * period.
   */
  void requestReverifies() {
    if (reverifyPeriod.isZero()) {
      return;
    }
    Instant now = clock.instant();
    if (lastReverify != null && now.isBefore(lastReverify.plus(reverifyPeriod))) {
      return;
    }
    lastReverify = now;
    for (long hostId : tasks.dueForReverify(now.minus(reverifyPeriod), reverifyMaxHostsAtOnce)) {
      SpecialTask task = tasks.request(hostId, SpecialTaskType.VERIFY);
      LOG.info("host={} due for its periodic verify (task={})", task.hostname(), task.id());
    }
  }

  /**
   * Starts pending tasks on idle, unlocked hosts, repairs first, within {@code free} sessions.
   *
   * @return how many it started
   */
  int startPending(String scheduler, int free) {
    if (free <= 0) {
      return 0;
    }
    int started = 0;
    for (SpecialTask task : tasks.startable(free)) {
      Host host = hosts.get(task.hostId());
      Optional<SpecialTask> claimed = tasks.claim(task, host.status(), scheduler);
      if (claimed.isEmpty()) {
        LOG.debug("host={} task={} lost the claim", host.hostname(), task.id());
        continue;
      }
      LOG.info("host={} {} started (task={})", host.hostname(), task.type().tag(), task.id());
      if (start(scheduler, claimed.get())) {
        started++;
      }
    }
    return started;
  }

  /** Sends the task's session to the drone, or ends it at once where protection says so. */
  private boolean start(String scheduler, SpecialTask task) {
    Host host = hosts.get(task.hostId());
    if (task.type() == SpecialTaskType.VERIFY && host.protection() == Protection.DO_NOT_VERIFY) {
      end(scheduler, task, true, "not verified: host protection is Do not verify");
      return false;
    }
    if (task.type() == SpecialTaskType.REPAIR && host.protection() == Protection.DO_NOT_REPAIR) {
      end(scheduler, task, false, "not repaired: host protection is Do not repair");
      return false;
    }
    SessionSpec spec =
        new SessionSpec(
            task.sessionId(),
            0,
            OWNER,
            task.type().tag(),
            ControlType.CLIENT,
            "",
            List.of(host.sshTarget()),
            resultsDir.resolve("hosts").resolve(host.hostname()).resolve(task.resultsFolder()),
            SessionKind.valueOf(task.type().name()),
            new HostChecks(
                checks.minFreeDiskBytes(),
                host.commands().powerReset(),
                checks.bootWait(),
                checks.rebootCommand()));
    try {
      drone.start(spec);
      return true;
    } catch (HangarException e) {
      LOG.warn(
          "host={} task={} drone {} refused the {}; trying again next tick",
          host.hostname(),
          task.id(),
          drone.name(),
          task.type().tag(),
          e);
      return false;
    }
  }

  /** Completes a task with what its end means for its host and entry. */
  private boolean end(String scheduler, SpecialTask task, boolean success, String reason) {
    Host host = hosts.get(task.hostId());
    HostQueueEntry entry =
        task.queueEntryId() == null ? null : entries.find(task.queueEntryId()).orElse(null);
    TaskCompletion end = Outcomes.of(task, success, reason, host, entry, jobOf(entry), tasks);
    boolean done = tasks.complete(task, end, scheduler);
    if (!done) {
      LOG.warn(
          "host={} task={} could not be completed as {}; its host or entry moved meanwhile",
          host.hostname(),
          task.id(),
          end);
      return false;
    }
    LOG.info(
        "host={} task={} {} {}{}; host now {}{}",
        host.hostname(),
        task.id(),
        task.type().tag(),
        success ? "passed" : "failed",
        reason == null || reason.isEmpty() ? "" : ": " + reason,
        end.hostPath().get(end.hostPath().size() - 1).displayName(),
        entry == null
            ? ""
            : ", job=" + entry.jobId() + " hqe=" + entry.id() + " " + end.entryChange());
    return true;
  }

  private Job jobOf(HostQueueEntry entry) {
    return entry == null ? null : jobs.get(entry.jobId()).job();
  }
}
