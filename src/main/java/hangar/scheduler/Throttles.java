package hangar.scheduler;

/**
 * The limits on how much the scheduler starts: sessions per drone and starts per tick.
 *
 * @param maxProcessesPerDrone {@code max_processes_per_drone}
 * @param maxJobsStartedPerCycle {@code max_jobs_started_per_cycle}
 */
public record Throttles(int maxProcessesPerDrone, int maxJobsStartedPerCycle) {
  public Throttles {
    if (maxProcessesPerDrone < 1) {
      throw new IllegalArgumentException(
          "max_processes_per_drone must be >= 1, was " + maxProcessesPerDrone);
    }
    if (maxJobsStartedPerCycle < 1) {
      throw new IllegalArgumentException(
          "max_jobs_started_per_cycle must be >= 1, was " + maxJobsStartedPerCycle);
    }
  }

  /** How many sessions may start now, with {@code running} already on the drone. */
  int freeSlots(int running) {
    return Math.max(0, Math.min(maxJobsStartedPerCycle, maxProcessesPerDrone - running));
  }

  /** How many queued entries one tick looks at: enough to skip those waiting on busy hosts. */
  int queueScanLimit() {
    return Math.max(1000, maxJobsStartedPerCycle * 10);
  }
}
