package hangar.scheduler;

import hangar.lab.HostQueueEntry;
import hangar.store.GroupStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When the Pending entries of an atomic group job start their one session (Autotest's {@code
 * run_with_ready_delay}). Once the job's synch count of entries wait Pending, it waits up to {@code
 * secs_to_wait_for_atomic_group_hosts} for the rest of the hosts it was given (still verifying or
 * cleaning), then starts with the Pending ones; with all of them Pending it starts at once. Below
 * its synch count it keeps waiting, as long as enough of its entries may still get there.
 */
final class AtomicGroupWait {
  private AtomicGroupWait() {}

  /** What the job does this tick. */
  sealed interface Step permits Start, Wait, Stop {}

  /** Start one group over these Pending entries. */
  record Start(List<HostQueueEntry> members) implements Step {
    Start {
      members = List.copyOf(members);
    }
  }

  /** Keep waiting; the Pending entries say why. */
  record Wait(String reason) implements Step {}

  /** Give up on the job's entries that have not started, with the reason. */
  record Stop(String reason) implements Step {}

  /**
   * Decides for one job.
   *
   * @param job an atomic group job with entries Pending
   * @param now the scheduler's time
   * @param delay {@code secs_to_wait_for_atomic_group_hosts}
   */
  static Step decide(GroupStore.PendingJob job, Instant now, Duration delay) {
    List<HostQueueEntry> pending = job.pending();
    int least = job.synchCount();
    if (!job.groups().isEmpty()) {
      return new Stop(
          "not needed: the atomic group job runs once and its group already started without"
              + " this host");
    }
    if (pending.size() < least) {
      if (job.stillPossible() < least) {
        return new Stop(
            "job needs at least "
                + least
                + " hosts of its atomic group together; only "
                + job.stillPossible()
                + (job.stillPossible() == 1 ? " of its entries is" : " of its entries are")
                + " left to get one");
      }
      int missing = least - pending.size();
      return new Wait(
          "waiting for "
              + missing
              + (missing == 1 ? " more host" : " more hosts")
              + " to reach the "
              + least
              + " the atomic group job needs at least ("
              + ready(pending)
              + ")");
    }
    List<HostQueueEntry> members = pending.subList(0, Math.min(pending.size(), job.atomicMax()));
    int wanted = Math.min(job.stillPossible(), job.atomicMax());
    Instant deadline = job.enoughSince().plus(delay);
    if (pending.size() >= wanted || !now.isBefore(deadline)) {
      return new Start(members);
    }
    int more = wanted - pending.size();
    return new Wait(
        "waiting up to "
            + delay.toSeconds()
            + " s (secs_to_wait_for_atomic_group_hosts) for "
            + more
            + " more of its hosts to be ready ("
            + ready(pending)
            + "); starts with those at "
            + deadline
            + " at the latest");
  }

  private static String ready(List<HostQueueEntry> pending) {
    return pending.size()
        + " ready: "
        + String.join(", ", pending.stream().map(HostQueueEntry::hostname).toList());
  }
}
