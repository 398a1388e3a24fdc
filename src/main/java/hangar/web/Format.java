package hangar.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the pages write times and durations. */
public final class Format {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private Format() {}

  /** A priority's name (low, medium, high, urgent), or its number when it has none. */
  public static String priority(int value) {
    return java.util.Arrays.stream(hangar.lab.Priority.values())
        .filter(p -> p.value() == value)
        .map(p -> p.name().toLowerCase(java.util.Locale.ROOT))
        .findFirst()
        .orElse(Integer.toString(value));
  }

  /** An instant in UTC to the second, or empty for none. */
  public static String when(Instant instant) {
    return instant == null ? "" : WHEN.format(instant);
  }

  /** How long from {@code start} to {@code end} (or now), as {@code 1h 02m 03s}; empty if none. */
  public static String took(Instant start, Instant end) {
    if (start == null) {
      return "";
    }
    Duration d = Duration.between(start, end == null ? Instant.now() : end);
    if (d.isNegative()) {
      return "";
    }
    long h = d.toHours();
    int m = d.toMinutesPart();
    int s = d.toSecondsPart();
    return h > 0 ? String.format("%dh %02dm %02ds", h, m, s) : String.format("%dm %02ds", m, s);
  }
}
