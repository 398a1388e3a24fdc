package hangar.scheduler;

import hangar.lab.EntryStatus;
import hangar.lab.HostQueueEntry;
import java.util.Collection;
import java.util.List;

/** Entries as the database holds them after a transition the tick made, without reading them. */
final class EntryViews {
  private EntryViews() {}

  /** The entry as the database holds it after a transition to {@code status}. */
  static HostQueueEntry asStatus(HostQueueEntry e, EntryStatus status) {
    return new HostQueueEntry(
        e.id(),
        e.jobId(),
        e.hostId(),
        e.hostname(),
        e.metaHost(),
        status,
        e.active(),
        e.complete(),
        e.aborted(),
        e.executionSubdir(),
        e.drone(),
        e.reason(),
        e.startedOn(),
        e.finishedOn(),
        e.version() + 1);
  }

  /** The entry as the database holds it once its group started on {@code drone}. */
  static HostQueueEntry asStarting(HostQueueEntry e, String subdir, String drone) {
    return new HostQueueEntry(
        e.id(),
        e.jobId(),
        e.hostId(),
        e.hostname(),
        e.metaHost(),
        EntryStatus.STARTING,
        true,
        false,
        e.aborted(),
        subdir,
        drone,
        e.reason(),
        e.startedOn(),
        e.finishedOn(),
        e.version() + 1,
        e.atomicGroup());
  }

  /** The distinct jobs of some entries, in the order first seen. */
  static List<Long> jobIds(Collection<HostQueueEntry> list) {
    return list.stream().map(HostQueueEntry::jobId).distinct().toList();
  }
}
