package hangar.lab;

/** Whether a host is cleaned (rebooted) before a job runs on it. */
public enum RebootBefore {
  NEVER("Never"),
  IF_DIRTY("If dirty"),
  ALWAYS("Always");

  private final String displayName;

  RebootBefore(String displayName) {
    this.displayName = displayName;
  }

  /** The name users see ("If dirty"). */
  public String displayName() {
    return displayName;
  }

  /**
   * Parses a display name or an enum name, any case.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static RebootBefore parse(String text) {
    return Statuses.parse(RebootBefore.class, values(), text, RebootBefore::displayName);
  }
}
