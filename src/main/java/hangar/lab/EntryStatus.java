package hangar.lab;

/** Where a host queue entry stands, as Autotest's HQE statuses. */
public enum EntryStatus {
  QUEUED("Queued"),
  STARTING("Starting"),
  VERIFYING("Verifying"),
  PENDING("Pending"),
  WAITING("Waiting"),
  RUNNING("Running"),
  GATHERING("Gathering"),
  PARSING("Parsing"),
  COMPLETED("Completed"),
  FAILED("Failed"),
  ABORTED("Aborted"),
  STOPPED("Stopped");

  private final String displayName;

  EntryStatus(String displayName) {
    this.displayName = displayName;
  }

  /** The name users see ("Queued"). */
  public String displayName() {
    return displayName;
  }

  /** True once the entry will never change again. */
  public boolean isComplete() {
    return this == COMPLETED || this == FAILED || this == ABORTED || this == STOPPED;
  }

  /** True while the entry holds a host or a drone slot. */
  public boolean isActive() {
    return this != QUEUED && !isComplete();
  }

  /**
   * Parses a display name or an enum name, ignoring case and separators.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static EntryStatus parse(String text) {
    return Statuses.parse(EntryStatus.class, values(), text, EntryStatus::displayName);
  }
}
