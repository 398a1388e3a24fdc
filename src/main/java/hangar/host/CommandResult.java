package hangar.host;

import java.time.Duration;
import java.util.Objects;

/**
 * How a command on a test host ended.
 *
 * @param exitStatus the command's exit status; meaningless when {@code timedOut}
 * @param timedOut true when it was killed for running past its timeout
 * @param elapsed how long it ran
 */
public record CommandResult(int exitStatus, boolean timedOut, Duration elapsed) {
  public CommandResult {
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** True when the command finished in time with status 0. */
  public boolean isSuccess() {
    return !timedOut && exitStatus == 0;
  }
}
