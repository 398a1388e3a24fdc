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
   * True when the scheduler may move an entry from this status to {@code next}. Any unfinished
   * entry may end Aborted or Failed; otherwise an entry moves forward along Autotest's path:
   * Queued, Starting, Verifying, Pending, Waiting, Running, then Parsing and Gathering (either
   * first: Hangar parses where the session ran, then copies), Completed. Only a claimed entry goes
   * back to Queued (its drone refused it, or its host failed verify). An entry of a synchronous job
   * goes from Queued (or Verifying) to Pending when it holds its host, and may be Stopped while it
   * waits for the others (Queued, Pending, Waiting) or runs.
   */
  public boolean canMoveTo(EntryStatus next) {
    if (isComplete() || next == this) {
      return false;
    }
    return switch (next) {
      case ABORTED, FAILED -> true;
      case QUEUED -> this == STARTING || this == VERIFYING;
      case STARTING -> this == QUEUED || this == VERIFYING || this == PENDING;
      case VERIFYING -> this == QUEUED || this == STARTING;
      case PENDING -> this == QUEUED || this == STARTING || this == VERIFYING;
      case WAITING -> this == PENDING || this == STARTING;
      case RUNNING -> this == STARTING || this == PENDING || this == WAITING || this == VERIFYING;
      case GATHERING -> this == RUNNING || this == PARSING;
      case PARSING -> this == RUNNING || this == GATHERING;
      case COMPLETED -> this == RUNNING || this == GATHERING || this == PARSING;
      case STOPPED -> this == QUEUED || this == PENDING || this == WAITING || this == RUNNING;
    };
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
