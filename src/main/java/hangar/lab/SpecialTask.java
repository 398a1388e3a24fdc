package hangar.lab;

import java.time.Instant;
import java.util.Objects;

/**
 * A verify, cleanup or repair run on one host (Autotest's {@code SpecialTask}).
 *
 * @param id database id
 * @param hostId the host
 * @param hostname the host's name
 * @param type what it does
 * @param queueEntryId the entry it was run for (a verify or cleanup before a job, or the repair a
 *     failed one brought), or null
 * @param active true while running
 * @param complete true once done
 * @param success whether it succeeded, once complete
 * @param reason why it failed, or what it found; null until complete
 * @param requestedOn when it was asked for
 * @param startedOn when it started, or null
 * @param finishedOn when it ended, or null
 */
public record SpecialTask(
    long id,
    long hostId,
    String hostname,
    SpecialTaskType type,
    Long queueEntryId,
    boolean active,
    boolean complete,
    boolean success,
    String reason,
    Instant requestedOn,
    Instant startedOn,
    Instant finishedOn) {
  /** The prefix of the session id a drone knows a special task by: {@code task-<id>}. */
  public static final String SESSION_PREFIX = "task-";

  public SpecialTask {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(requestedOn, "requestedOn");
  }

  /** True while asked for and not yet started. */
  public boolean isPending() {
    return !active && !complete;
  }

  /** The id of its session on the drone: {@code task-<id>}. */
  public String sessionId() {
    return SESSION_PREFIX + id;
  }

  /** Its results folder's name under {@code <results>/hosts/<host>/}: {@code <id>-<task>}. */
  public String resultsFolder() {
    return id + "-" + type.tag();
  }

  /** Where it stands, in words: Queued, Running, Completed or Failed. */
  public String statusName() {
    if (complete) {
      return success ? "Completed" : "Failed";
    }
    return active ? "Running" : "Queued";
  }
}
