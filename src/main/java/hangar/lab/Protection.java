package hangar.lab;

/** How much a repair may do to a host, as Autotest's host protection levels. */
public enum Protection {
  NO_PROTECTION("No protection"),
  REPAIR_SOFTWARE_ONLY("Repair software only"),
  REPAIR_FILESYSTEM_ONLY("Repair filesystem only"),
  DO_NOT_REPAIR("Do not repair"),
  DO_NOT_VERIFY("Do not verify");

  private final String displayName;

  Protection(String displayName) {
    this.displayName = displayName;
  }

  /** The name users see ("Do not repair"). */
  public String displayName() {
    return displayName;
  }

  /**
   * Parses a display name or an enum name, any case.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Protection parse(String text) {
    return Statuses.parse(Protection.class, values(), text, Protection::displayName);
  }
}
