package hangar.scheduler;

import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import hangar.store.HostQueueEntryStore;
import hangar.store.JobStore;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns job timeouts and max runtimes into aborts, and carries out aborts of queued entries. */
final class Deadlines {
  private static final Logger LOG = LoggerFactory.getLogger(Deadlines.class);

  private final String name;
  private final JobStore jobs;
  private final HostQueueEntryStore entries;
  private final SchedulerMetrics metrics;

  Deadlines(String name, JobStore jobs, HostQueueEntryStore entries, SchedulerMetrics metrics) {
    this.name = name;
    this.jobs = jobs;
    this.entries = entries;
    this.metrics = metrics;
  }

  /** Job timeouts and max runtimes become aborts, which the rest of this tick carries out. */
  void enforceTimeouts() {
    for (long job : jobs.abortTimedOut()) {
      LOG.info("job={} timed out; its unfinished entries are aborted", job);
    }
    for (Map.Entry<HostQueueEntry, Long> overdue : entries.overdue(name)) {
      HostQueueEntry entry = overdue.getKey();
      if (entries.requestAbort(
          entry, "max runtime of " + overdue.getValue() + " min exceeded; session aborted")) {
        LOG.info(
            "job={} hqe={} host={} ran past its max runtime of {} min; aborting it",
            entry.jobId(),
            entry.id(),
            entry.hostname(),
            overdue.getValue());
      }
    }
  }

  /** Queued entries whose abort was asked become Aborted; they never had a host. */
  void abortQueued() {
    for (HostQueueEntry entry : entries.queuedAborted()) {
      if (entries.finish(entry, EntryStatus.QUEUED, EntryStatus.ABORTED, "aborted by user")) {
        LOG.info("job={} hqe={} aborted while queued", entry.jobId(), entry.id());
        metrics.finished(entry, EntryStatus.ABORTED);
      }
    }
  }
}
