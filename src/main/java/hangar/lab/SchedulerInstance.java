package hangar.lab;

import java.time.Instant;
import java.util.Objects;

/**
 * One running scheduler process, as it registered itself.
 *
 * @param name unique per process run: {@code <hostname>-<pid>}
 * @param hostname the machine it runs on
 * @param pid its process id there
 * @param startedOn when it registered
 * @param heartbeatOn when it last said it is alive
 */
public record SchedulerInstance(
    String name, String hostname, long pid, Instant startedOn, Instant heartbeatOn) {
  public SchedulerInstance {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(startedOn, "startedOn");
    Objects.requireNonNull(heartbeatOn, "heartbeatOn");
  }
}
