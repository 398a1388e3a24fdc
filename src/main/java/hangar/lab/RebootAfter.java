package hangar.lab;

/** Whether a host is cleaned (rebooted) after a job ran on it. */
public enum RebootAfter {
  NEVER("Never"),
  IF_ALL_TESTS_PASSED("If all tests passed"),
  ALWAYS("Always");

  private final String displayName;

  RebootAfter(String displayName) {
    this.displayName = displayName;
  }

  /** The name users see ("If all tests passed"). */
  public String displayName() {
    return displayName;
  }

  /**
   * Parses a display name or an enum name, any case.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static RebootAfter parse(String text) {
    return Statuses.parse(RebootAfter.class, values(), text, RebootAfter::displayName);
  }
}
