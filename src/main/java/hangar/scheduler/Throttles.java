package hangar.scheduler;

/**
 * The limits on how much the scheduler starts: sessions per drone, sessions over the whole lab, and
 * starts per tick.
 *
 * @param maxProcessesPerDrone {@code max_processes_per_drone}
 * @param maxJobsStartedPerCycle {@code max_jobs_started_per_cycle}
 * @param maxRunningJobs {@code max_running_jobs}: over all drones and schedulers, 0 for no limit
 */
public record Throttles(int maxProcessesPerDrone, int maxJobsStartedPerCycle, int maxRunningJobs) {
  /** Limits with no total over the lab. */
  public Throttles(int maxProcessesPerDrone, int maxJobsStartedPerCycle) {
    this(maxProcessesPerDrone, maxJobsStartedPerCycle, 0);
  }

  /** The limits the {@code [SCHEDULER]} section sets. */
  public static Throttles of(hangar.config.SchedulerSettings settings) {
    return new Throttles(
        settings.maxProcessesPerDrone(),
        settings.maxJobsStartedPerCycle(),
        settings.maxRunningJobs());
  }

  public Throttles {
    if (maxProcessesPerDrone < 1) {
      throw new IllegalArgumentException(
          "max_processes_per_drone must be >= 1, was " + maxProcessesPerDrone);
    }
    if (maxRunningJobs < 0) {
      throw new IllegalArgumentException("max_running_jobs must be >= 0, was " + maxRunningJobs);
    }
    if (maxJobsStartedPerCycle < 1) {
      throw new IllegalArgumentException(
          "max_jobs_started_per_cycle must be >= 1, was " + maxJobsStartedPerCycle);
    }
  }

  /**
   * How many sessions may start now, with {@code onDrone} already running on the drone and {@code
   * inLab} active over the whole lab.
   */
  int freeSlots(int onDrone, long inLab) {
    long free = Math.min(maxJobsStartedPerCycle, maxProcessesPerDrone - onDrone);
    if (maxRunningJobs > 0) {
      free = Math.min(free, maxRunningJobs - inLab);
    }
    return (int) Math.max(0, free);
  }

  /** True when the lab-wide total is limited, so the scheduler must count active entries. */
  boolean limitsTheLab() {
    return maxRunningJobs > 0;
  }

  /** How many queued entries one tick looks at: enough to skip those waiting on busy hosts. */
  int queueScanLimit() {
    return Math.max(1000, maxJobsStartedPerCycle * 10);
  }
}
