package hangar.lab;

import java.util.Collection;

/** A job's overall status, derived from its entries' statuses. */
public enum JobStatus {
  QUEUED("Queued"),
  RUNNING("Running"),
  COMPLETED("Completed"),
  FAILED("Failed"),
  ABORTED("Aborted");

  private final String displayName;

  JobStatus(String displayName) {
    this.displayName = displayName;
  }

  /** The name users see ("Completed"). */
  public String displayName() {
    return displayName;
  }

  /** True once the job will never change again. */
  public boolean isFinished() {
    return this == COMPLETED || this == FAILED || this == ABORTED;
  }

  /**
   * Derives the job's status: Queued while nothing has started, Running while any entry is not
   * complete, then Aborted if any entry was aborted, Failed if any failed, else Completed.
   */
  public static JobStatus of(Collection<EntryStatus> entries) {
    if (entries.isEmpty() || entries.stream().allMatch(s -> s == EntryStatus.QUEUED)) {
      return QUEUED;
    }
    if (!entries.stream().allMatch(EntryStatus::isComplete)) {
      return RUNNING;
    }
    if (entries.contains(EntryStatus.ABORTED)) {
      return ABORTED;
    }
    if (entries.contains(EntryStatus.FAILED) || entries.contains(EntryStatus.STOPPED)) {
      return FAILED;
    }
    return COMPLETED;
  }

  /**
   * As {@link #of(Collection)}, but for a job on an atomic group, which starts with the hosts it
   * has once it waited long enough: the entries it left out end Stopped without failing a job whose
   * session completed.
   */
  public static JobStatus of(Collection<EntryStatus> entries, boolean atomicGroup) {
    JobStatus status = of(entries);
    if (atomicGroup
        && status == FAILED
        && !entries.contains(EntryStatus.FAILED)
        && entries.contains(EntryStatus.COMPLETED)) {
      return COMPLETED;
    }
    return status;
  }

  /**
   * Parses a display name or an enum name, ignoring case.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static JobStatus parse(String text) {
    return Statuses.parse(JobStatus.class, values(), text, JobStatus::displayName);
  }
}
