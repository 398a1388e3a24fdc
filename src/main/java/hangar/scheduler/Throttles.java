package hangar.scheduler;

/**
 * The limits on how much the scheduler starts and how long it waits: sessions per drone, sessions
 * over the whole lab, starts per tick, and how long a synchronous job's group waits for its hosts.
 *
 * @param maxProcessesPerDrone {@code max_processes_per_drone}
 * @param maxJobsStartedPerCycle {@code max_jobs_started_per_cycle}
 * @param maxRunningJobs {@code max_running_jobs}: over all drones and schedulers, 0 for no limit
 * @param groupWait {@code secs_to_wait_for_atomic_group_hosts}: how long a synchronous job's
 *     entries wait Pending for the rest of their group before the job is stopped
 */
public record Throttles(
    int maxProcessesPerDrone,
    int maxJobsStartedPerCycle,
    int maxRunningJobs,
    java.time.Duration groupWait) {
  /** Limits with no total over the lab and Autotest's 600 s group wait. */
  public Throttles(int maxProcessesPerDrone, int maxJobsStartedPerCycle) {
    this(maxProcessesPerDrone, maxJobsStartedPerCycle, 0);
  }

  /** Limits with Autotest's 600 s group wait. */
  public Throttles(int maxProcessesPerDrone, int maxJobsStartedPerCycle, int maxRunningJobs) {
    this(
        maxProcessesPerDrone,
        maxJobsStartedPerCycle,
        maxRunningJobs,
        hangar.config.SchedulerSettings.DEFAULT_SECS_TO_WAIT_FOR_ATOMIC_GROUP_HOSTS);
  }

  /** The limits the {@code [SCHEDULER]} section sets. */
  public static Throttles of(hangar.config.SchedulerSettings settings) {
    return new Throttles(
        settings.maxProcessesPerDrone(),
        settings.maxJobsStartedPerCycle(),
        settings.maxRunningJobs(),
        settings.secsToWaitForAtomicGroupHosts());
  }

  public Throttles {
    if (maxProcessesPerDrone < 1) {
      throw new IllegalArgumentException(
          "max_processes_per_drone must be >= 1, was " + maxProcessesPerDrone);
    }
    if (maxRunningJobs < 0) {
      throw new IllegalArgumentException("max_running_jobs must be >= 0, was " + maxRunningJobs);
    }
    if (groupWait == null || groupWait.isNegative()) {
      throw new IllegalArgumentException(
          "secs_to_wait_for_atomic_group_hosts must be >= 0, was " + groupWait);
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
