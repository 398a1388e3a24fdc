package hangar.lab;

import java.time.Instant;
import java.util.Objects;

/**
 * One job's claim on one host (or on one host wanted from a label): the unit the scheduler starts,
 * tracks and finishes.
 *
 * @param id database id
 * @param jobId the job it belongs to
 * @param hostId the host it runs on, or null while a meta-host entry waits for one
 * @param hostname that host's name, or null
 * @param metaHost the label a meta-host entry wants a host from, or null
 * @param status where it stands
 * @param active true while it holds a host or a drone slot
 * @param complete true once it will never change again
 * @param aborted true once an abort was asked for
 * @param executionSubdir the folder under the job's results folder it writes to, or null
 * @param drone the drone running its session, or null
 * @param reason why it ended as it did, or why it is still waiting; may be null
 * @param startedOn when its session started, or null
 * @param finishedOn when it completed, or null
 * @param version bumped on every change; guards claims
 * @param atomicGroup the atomic group whose hosts its job runs on, or null; an entry of such a job
 *     that has no host yet picks a whole group of hosts at once
 */
public record HostQueueEntry(
    long id,
    long jobId,
    Long hostId,
    String hostname,
    String metaHost,
    EntryStatus status,
    boolean active,
    boolean complete,
    boolean aborted,
    String executionSubdir,
    String drone,
    String reason,
    Instant startedOn,
    Instant finishedOn,
    long version,
    String atomicGroup) {
  public HostQueueEntry {
    Objects.requireNonNull(status, "status");
    if (hostId == null && metaHost == null && atomicGroup == null) {
      throw new IllegalArgumentException(
          "entry " + id + " has neither a host nor a meta-host nor an atomic group");
    }
  }

  /** An entry of a job without an atomic group. */
  public HostQueueEntry(
      long id,
      long jobId,
      Long hostId,
      String hostname,
      String metaHost,
      EntryStatus status,
      boolean active,
      boolean complete,
      boolean aborted,
      String executionSubdir,
      String drone,
      String reason,
      Instant startedOn,
      Instant finishedOn,
      long version) {
    this(
        id,
        jobId,
        hostId,
        hostname,
        metaHost,
        status,
        active,
        complete,
        aborted,
        executionSubdir,
        drone,
        reason,
        startedOn,
        finishedOn,
        version,
        null);
  }

  /** True for an entry that waits to pick a whole group of hosts from its atomic group. */
  public boolean picksAtomicGroup() {
    return hostId == null && atomicGroup != null;
  }
}
