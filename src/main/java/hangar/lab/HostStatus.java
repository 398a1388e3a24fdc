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
   * Parses a display name or an enum name, ignoring case and separators.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static HostStatus parse(String text) {
    return Statuses.parse(HostStatus.class, values(), text, HostStatus::displayName);
  }
}
