package hangar.lab;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A machine under test.
 *
 * @param id database id
 * @param hostname the name jobs use; {@code localhost} means "this machine, no SSH"
 * @param status where the scheduler has it
 * @param locked a locked host is never given to a job
 * @param lockedBy who locked it, or null
 * @param lockedOn when it was locked, or null
 * @param lockReason why it was locked, or null
 * @param protection how much a repair may do
 * @param dirty true after a job ran, until a cleanup
 * @param labels the names of the labels it carries, sorted
 */
public record Host(
    long id,
    String hostname,
    HostStatus status,
    boolean locked,
    String lockedBy,
    Instant lockedOn,
    String lockReason,
    Protection protection,
    boolean dirty,
    List<String> labels) {
  public Host {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(protection, "protection");
    labels = List.copyOf(labels);
  }

  /** This host with another status. */
  /** This host carrying {@code newLabels} instead. */
  public Host withLabels(List<String> newLabels) {
    return new Host(
        id, hostname, status, locked, lockedBy, lockedOn, lockReason, protection, dirty, newLabels);
  }

  public Host withStatus(HostStatus newStatus) {
    return new Host(
        id, hostname, newStatus, locked, lockedBy, lockedOn, lockReason, protection, dirty, labels);
  }

  /** True when the scheduler may give this host to a queued entry now. */
  public boolean isAvailable() {
    return status == HostStatus.READY && !locked;
  }
}
