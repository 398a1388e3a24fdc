package hangar.lab;

/** Named job priorities, as atest's {@code -p low|medium|high|urgent}. */
public enum Priority {
  LOW(0),
  MEDIUM(1),
  HIGH(2),
  URGENT(3);

  private final int value;

  Priority(int value) {
    this.value = value;
  }

  /** The number stored with the job; higher runs first. */
  public int value() {
    return value;
  }

  /**
   * Parses a priority name, any case.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Priority parse(String text) {
    return Statuses.parse(
        Priority.class, values(), text, p -> p.name().toLowerCase(java.util.Locale.ROOT));
  }
}
