package hangar.lab;

/** Where a control file runs: on each host (client) or once over all hosts (server). */
public enum ControlType {
  CLIENT("Client"),
  SERVER("Server");

  private final String displayName;

  ControlType(String displayName) {
    this.displayName = displayName;
  }

  /** The name users see ("Client"). */
  public String displayName() {
    return displayName;
  }

  /**
   * Parses "client" or "server", any case.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static ControlType parse(String text) {
    return Statuses.parse(ControlType.class, values(), text, ControlType::displayName);
  }
}
