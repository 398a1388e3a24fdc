package hangar.lab;

/** The housekeeping a scheduler runs on a host between jobs. */
public enum SpecialTaskType {
  VERIFY("Verify"),
  CLEANUP("Cleanup"),
  REPAIR("Repair");

  private final String displayName;

  SpecialTaskType(String displayName) {
    this.displayName = displayName;
  }

  /** The name users see ("Verify"). */
  public String displayName() {
    return displayName;
  }
}
