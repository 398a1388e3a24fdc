package hangar.store;

import hangar.lab.HostStatus;
import hangar.lab.SpecialTaskType;
import java.util.List;
import java.util.Objects;

/**
 * How a special task ends and what its end does to its host and entry, carried out by {@link
 * SpecialTaskStore#complete} in one transaction.
 *
 * @param success whether the task succeeded
 * @param reason why it failed, or what it found
 * @param hostPath the statuses the host goes through from the task's own (Verifying, Cleaning,
 *     Repairing), in order; each step must be one {@link HostStatus#canMoveTo} allows
 * @param cleanHost true to clear the host's dirty mark (a cleanup succeeded)
 * @param next a task started at once on the host for the same entry, or null; the host's path must
 *     end in its status
 * @param entryChange what happens to the task's entry
 * @param entryReason the entry's reason for {@link EntryChange#REQUEUE} and {@link
 *     EntryChange#FAIL}
 */
public record TaskCompletion(
    boolean success,
    String reason,
    List<HostStatus> hostPath,
    boolean cleanHost,
    SpecialTaskType next,
    EntryChange entryChange,
    String entryReason) {

  /** What a task's end does to the entry it ran for. */
  public enum EntryChange {
    /** Nothing: no entry, or one the task no longer holds. */
    NONE,
    /** Verifying to Starting: the job runs on the host. */
    START,
    /** Verifying to Pending: the host waits for the rest of a synchronous job's group. */
    PEND,
    /** Verifying to Queued: a meta-host entry lets go of the host, a named one waits for it. */
    REQUEUE,
    /** Verifying or Queued to Failed, with the reason. */
    FAIL,
    /** Verifying to Aborted: its abort was asked while the task ran. */
    ABORT
  }

  public TaskCompletion {
    hostPath = List.copyOf(hostPath);
    Objects.requireNonNull(entryChange, "entryChange");
    if (hostPath.isEmpty()) {
      throw new IllegalArgumentException("a finished task moves its host somewhere");
    }
    if (next != null && hostPath.get(hostPath.size() - 1) != next.hostStatus()) {
      throw new IllegalArgumentException(
          "the host must end " + next.hostStatus() + " to start a " + next + ", path " + hostPath);
    }
  }
}
