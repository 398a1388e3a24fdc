package hangar.lab;

import java.time.Instant;
import java.util.Objects;

/**
 * A verify, cleanup or repair run on one host.
 *
 * @param id database id
 * @param hostId the host
 * @param type what it does
 * @param queueEntryId the entry it was run for, or null
 * @param active true while running
 * @param complete true once done
 * @param success whether it succeeded, once complete
 * @param requestedOn when it was asked for
 * @param startedOn when it started, or null
 * @param finishedOn when it ended, or null
 */
public record SpecialTask(
    long id,
    long hostId,
    SpecialTaskType type,
    Long queueEntryId,
    boolean active,
    boolean complete,
    boolean success,
    Instant requestedOn,
    Instant startedOn,
    Instant finishedOn) {
  public SpecialTask {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(requestedOn, "requestedOn");
  }
}
