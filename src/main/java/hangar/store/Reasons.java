package hangar.store;

/** Reasons as the {@code reason} columns (4,000 characters) keep them. */
final class Reasons {
  private Reasons() {}

  /** The reason cut to 4,000 characters, or null. */
  static String truncate(String reason) {
    if (reason == null) {
      return null;
    }
    return reason.length() <= 4000 ? reason : reason.substring(0, 3997) + "...";
  }
}
