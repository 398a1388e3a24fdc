package hangar.lab;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.function.UnaryOperator;

/**
 * Which jobs a list shows; null for no condition. The API's {@code GET /api/v1/jobs}, {@code hangar
 * job list} and the web's job list read the same query names through {@link #of}.
 *
 * @param owner the owner's login
 * @param status the derived status
 * @param name a part of the job's name, any case
 * @param label a label the job asked for (a meta-host) or that a host it ran on carries
 * @param since created at or after this instant
 * @param until created before this instant
 */
public record JobFilter(
    String owner, JobStatus status, String name, String label, Instant since, Instant until) {
  /** Every job. */
  public static final JobFilter ALL = new JobFilter(null, null, null, null, null, null);

  public JobFilter {
    // The owner and the label are only compared with what is stored: a value no user or label
    // could have matches nothing.
    if (name != null && name.length() > Names.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "name filter must be at most " + Names.MAX_LENGTH + " characters");
    }
    if (since != null && until != null && !since.isBefore(until)) {
      throw new IllegalArgumentException(
          "since (" + since + ") must be before until (" + until + ")");
    }
  }

  /**
   * The filter a request names: {@code owner}, {@code status}, {@code name}, {@code label}, {@code
   * since} and {@code until} (dates as {@code 2026-12-07}, the whole day included, or instants as
   * {@code 2026-12-07T10:00:00Z}); blank values are no condition.
   *
   * @throws IllegalArgumentException naming the value that is wrong and what it must be
   */
  public static JobFilter of(UnaryOperator<String> param) {
    String status = blank(param.apply("status"));
    return new JobFilter(
        blank(param.apply("owner")),
        status == null ? null : JobStatus.parse(status),
        blank(param.apply("name")),
        blank(param.apply("label")),
        instant("since", blank(param.apply("since")), false),
        instant("until", blank(param.apply("until")), true));
  }

  /** An instant, or a date: its start, or for {@code until} the start of the next day. */
  private static Instant instant(String field, String text, boolean endOfDay) {
    if (text == null) {
      return null;
    }
    try {
      if (text.length() == 10) {
        LocalDate day = LocalDate.parse(text);
        return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          field
              + " must be a date (2026-12-07) or an instant (2026-12-07T10:00:00Z), was "
              + Names.quote(text),
          e);
    }
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
