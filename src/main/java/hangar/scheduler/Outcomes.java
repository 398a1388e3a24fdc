package hangar.scheduler;

import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.lab.Job;
import hangar.lab.Protection;
import hangar.lab.SpecialTask;
import hangar.lab.SpecialTaskType;
import hangar.store.SpecialTaskStore;
import hangar.store.TaskCompletion;
import hangar.store.TaskCompletion.EntryChange;
import java.util.List;

/**
 * What the end of a special task does to its host and entry: Autotest's {@code epilog}s of {@code
 * VerifyTask}, {@code CleanupTask}, {@code RepairTask} and {@code PreJobTask} (scheduler/
 * monitor_db.py), as one decision per case.
 */
final class Outcomes {
  private Outcomes() {}

  /** True when a job verifies this host first: it asks to, and the host is not "Do not verify". */
  static boolean verifies(Job job, Host host) {
    return job.runVerify() && host.protection() != Protection.DO_NOT_VERIFY;
  }

  /**
   * The completion of {@code task}.
   *
   * @param entry the entry the task ran for, or null
   * @param job that entry's job, or null
   * @param tasks asked whether the entry already had a repair
   */
  static TaskCompletion of(
      SpecialTask task,
      boolean success,
      String reason,
      Host host,
      HostQueueEntry entry,
      Job job,
      SpecialTaskStore tasks) {
    HostQueueEntry held = entry != null && entry.status() == EntryStatus.VERIFYING ? entry : null;
    if (task.type() == SpecialTaskType.REPAIR) {
      return repaired(task, success, reason, host, entry);
    }
    // PreJobTask.epilog: "effectively ignore failure" on hosts that must not be verified.
    boolean ok = success || host.protection() == Protection.DO_NOT_VERIFY;
    if (!ok) {
      return failed(task, reason, host, held, tasks);
    }
    boolean cleanup = task.type() == SpecialTaskType.CLEANUP;
    if (held == null) {
      return done(reason, List.of(HostStatus.READY), cleanup, null, EntryChange.NONE, null);
    }
    if (held.aborted()) {
      return done(reason, List.of(HostStatus.READY), cleanup, null, EntryChange.ABORT, null);
    }
    if (cleanup && verifies(job, host)) {
      // CleanupTask._finish_epilog: a verify follows for the same entry.
      return done(
          reason,
          List.of(HostStatus.VERIFYING),
          true,
          SpecialTaskType.VERIFY,
          EntryChange.NONE,
          null);
    }
    // The entry's job runs now, or its group waits for the rest of its hosts (a synchronous
    // job); a cleaned host passes through Ready, as Autotest's does.
    HostStatus next = job.synchCount() > 1 ? HostStatus.PENDING : HostStatus.RUNNING;
    List<HostStatus> path = cleanup ? List.of(HostStatus.READY, next) : List.of(next);
    return done(
        reason,
        path,
        cleanup,
        null,
        job.synchCount() > 1 ? EntryChange.PEND : EntryChange.START,
        null);
  }

  /** RepairTask.epilog: Ready, or Repair Failed and the named entry it ran for fails. */
  private static TaskCompletion repaired(
      SpecialTask task, boolean success, String reason, Host host, HostQueueEntry entry) {
    if (success) {
      return done(reason, List.of(HostStatus.READY), false, null, EntryChange.NONE, null);
    }
    // SpecialAgentTask._fail_queue_entry: meta-host entries are not failed, they get another host.
    boolean failEntry =
        entry != null
            && entry.metaHost() == null
            && entry.status() == EntryStatus.QUEUED
            && entry.hostId() != null
            && entry.hostId() == task.hostId();
    return new TaskCompletion(
        false,
        reason,
        List.of(HostStatus.REPAIR_FAILED),
        false,
        null,
        failEntry ? EntryChange.FAIL : EntryChange.NONE,
        "host " + host.hostname() + " failed repair: " + reason);
  }

  /**
   * PreJobTask.epilog on failure: the entry is requeued and the host repaired; an entry whose host
   * was already repaired once for it fails (named host) or is requeued (meta-host) and the host
   * ends Repair Failed.
   */
  private static TaskCompletion failed(
      SpecialTask task, String reason, Host host, HostQueueEntry held, SpecialTaskStore tasks) {
    String what = "host " + host.hostname() + " failed " + task.type().tag() + ": " + reason;
    if (held == null) {
      return new TaskCompletion(
          false,
          reason,
          List.of(HostStatus.REPAIRING),
          false,
          SpecialTaskType.REPAIR,
          EntryChange.NONE,
          null);
    }
    if (held.aborted()) {
      return new TaskCompletion(
          false,
          reason,
          List.of(HostStatus.REPAIRING),
          false,
          SpecialTaskType.REPAIR,
          EntryChange.ABORT,
          null);
    }
    if (tasks.hadRepair(held.id())) {
      return new TaskCompletion(
          false,
          reason,
          List.of(HostStatus.REPAIRING, HostStatus.REPAIR_FAILED),
          false,
          null,
          held.metaHost() == null ? EntryChange.FAIL : EntryChange.REQUEUE,
          what + " again after a repair");
    }
    return new TaskCompletion(
        false,
        reason,
        List.of(HostStatus.REPAIRING),
        false,
        SpecialTaskType.REPAIR,
        EntryChange.REQUEUE,
        what + "; requeued while it is repaired");
  }

  private static TaskCompletion done(
      String reason,
      List<HostStatus> path,
      boolean cleanHost,
      SpecialTaskType next,
      EntryChange change,
      String entryReason) {
    return new TaskCompletion(true, reason, path, cleanHost, next, change, entryReason);
  }
}
