package hangar.autoserv;

import java.util.Objects;

/**
 * The end of one session.
 *
 * @param verdict the overall status, as the last END line of the status log
 * @param reason a one-line reason for a verdict other than GOOD, else empty
 */
public record SessionOutcome(Verdict verdict, String reason) {
  public SessionOutcome {
    Objects.requireNonNull(verdict, "verdict");
    reason = reason == null ? "" : reason;
  }
}
