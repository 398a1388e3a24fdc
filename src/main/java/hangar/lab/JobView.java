package hangar.lab;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A job with what became of it: its derived status and its entries.
 *
 * @param job the job
 * @param status derived from the entries
 * @param finishedOn when its last entry completed, or null
 * @param entries its host queue entries, by id
 */
public record JobView(Job job, JobStatus status, Instant finishedOn, List<HostQueueEntry> entries) {
  public JobView {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(status, "status");
    entries = List.copyOf(entries);
  }
}
