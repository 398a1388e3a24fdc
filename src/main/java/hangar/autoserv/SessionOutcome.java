package hangar.autoserv;

import java.util.Objects;

/**
 * The end of one session.
 *
 * @param verdict the overall status, as the last END line of the status log
 * @param reason a one-line reason for a verdict other than GOOD, else empty
 * @param hostFailed true when the host itself let the session down: it could not be reached, or a
 *     command on it broke off (a dropped SSH connection). The scheduler verifies such a host before
 *     it runs anything else, and repairs it if that fails.
 */
public record SessionOutcome(Verdict verdict, String reason, boolean hostFailed) {
  public SessionOutcome {
    Objects.requireNonNull(verdict, "verdict");
    reason = reason == null ? "" : reason;
  }

  /** An outcome that says nothing against the host. */
  public SessionOutcome(Verdict verdict, String reason) {
    this(verdict, reason, false);
  }
}
