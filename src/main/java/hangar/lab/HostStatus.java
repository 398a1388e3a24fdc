package hangar.lab;

/** Where a host under test stands with the scheduler, as Autotest's host statuses. */
public enum HostStatus {
  READY("Ready"),
  PENDING("Pending"),
  RUNNING("Running"),
  VERIFYING("Verifying"),
  CLEANING("Cleaning"),
  REPAIRING("Repairing"),
  REPAIR_FAILED("Repair Failed");

  private final String displayName;

  HostStatus(String displayName) {
    this.displayName = displayName;
  }

  /** The name users see in the CLI, the API and the web ("Repair Failed"). */
  public String displayName() {
    return displayName;
  }

  /** True while the host is held by a job or a special task. */
  public boolean isBusy() {
    return this != READY && this != REPAIR_FAILED;
  }

  /**
   * True when the scheduler may move a host from this status to {@code next}: a Ready host is given
   * to a job or a special task; a job's host goes back to Ready or to a cleanup, verify or repair;
   * a failed verify or cleanup brings a repair; a repair ends Ready or Repair Failed; a Repair
   * Failed host waits for a repair or verify asked by hand.
   */
  public boolean canMoveTo(HostStatus next) {
    if (next == this) {
      return false;
    }
    return switch (this) {
      case READY -> next != REPAIR_FAILED;
      case PENDING -> next == RUNNING || next == READY || next == VERIFYING;
      case RUNNING -> next == READY || next == CLEANING || next == VERIFYING || next == REPAIRING;
      case VERIFYING -> next == READY || next == PENDING || next == RUNNING || next == REPAIRING;
      case CLEANING -> next == READY || next == VERIFYING || next == REPAIRING;
      case REPAIRING -> next == READY || next == VERIFYING || next == REPAIR_FAILED;
      case REPAIR_FAILED -> next == REPAIRING || next == VERIFYING;
    };
  }

  /**
   * Parses a display name or an enum name, ignoring case and separators.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static HostStatus parse(String text) {
    return Statuses.parse(HostStatus.class, values(), text, HostStatus::displayName);
  }
}
