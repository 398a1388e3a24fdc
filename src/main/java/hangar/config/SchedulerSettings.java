package hangar.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code [SCHEDULER]} section: where jobs run, where results go, and the scheduler's limits.
 *
 * <p>The host name {@value #LOCALHOST} means the scheduler's own machine, reached without SSH.
 *
 * @param drones hosts that run test sessions, at least one, lower-case, without repeats
 * @param droneInstallationDirectory absolute path of the Hangar installation on every drone
 * @param resultsHost host that keeps the results repository
 * @param resultsHostInstallationDirectory absolute path of the installation on the results host, or
 *     empty for the server's own results directory
 * @param archiveHost host checked last for results moved off the results host, or empty for none
 * @param maxProcessesPerDrone test sessions one drone runs at once, at least 1
 * @param maxJobsStartedPerCycle jobs started in one scheduler tick, at least 1
 * @param maxParseProcesses result parsers running at once, at least 1
 * @param maxTransferProcesses result copies running at once, at least 1
 * @param secsToWaitForAtomicGroupHosts how long an atomic group job waits for more hosts to become
 *     ready, zero or more
 * @param reverifyPeriod how often Repair Failed hosts, and idle Ready hosts not verified within it,
 *     are verified again; zero turns it off
 * @param tickInterval pause between scheduler ticks, above zero
 * @param usernames SSH user per host from the {@code <host>_username} keys, keyed by lower-case
 *     host name
 * @param cleanInterval how often the scheduler's periodic clean-up runs, above zero
 * @param reverifyMaxHostsAtOnce hosts verified again in one round, or 0 for all of them
 * @param maxRunningJobs sessions running at once over every drone and scheduler, or 0 for no limit
 * @param droneLostAfter how long a drone may stay silent before its sessions are given up as lost
 *     ({@code drone_lost_after_secs}), above zero
 * @param ports SSH port per host from the {@code <host>_port} keys (Hangar's addition), keyed by
 *     lower-case host name; 22 for the others beyond each drone's {@code max_processes_per_drone}
 */
public record SchedulerSettings(
    List<String> drones,
    String droneInstallationDirectory,
    String resultsHost,
    String resultsHostInstallationDirectory,
    String archiveHost,
    int maxProcessesPerDrone,
    int maxJobsStartedPerCycle,
    int maxParseProcesses,
    int maxTransferProcesses,
    Duration secsToWaitForAtomicGroupHosts,
    Duration reverifyPeriod,
    Duration tickInterval,
    Map<String, String> usernames,
    Duration cleanInterval,
    int reverifyMaxHostsAtOnce,
    int maxRunningJobs,
    Map<String, Integer> ports,
    Duration droneLostAfter) {

  /** The host name that means this machine, reached without SSH. */
  public static final String LOCALHOST = "localhost";

  /** Drones when {@code drones} is not set: this machine only. */
  public static final List<String> DEFAULT_DRONES = List.of(LOCALHOST);

  /** Installation directory on drones when {@code drone_installation_directory} is not set. */
  public static final String DEFAULT_DRONE_INSTALLATION_DIRECTORY = "/usr/local/hangar";

  /** Results host when {@code results_host} is not set: this machine, so nothing is copied. */
  public static final String DEFAULT_RESULTS_HOST = LOCALHOST;

  /** Empty: the results host uses the server's own results directory. */
  public static final String DEFAULT_RESULTS_HOST_INSTALLATION_DIRECTORY = "";

  /** Empty: no archive host. */
  public static final String DEFAULT_ARCHIVE_HOST = "";

  /** Default of {@code max_processes_per_drone}. */
  public static final int DEFAULT_MAX_PROCESSES_PER_DRONE = 1000;

  /** Default of {@code max_jobs_started_per_cycle}. */
  public static final int DEFAULT_MAX_JOBS_STARTED_PER_CYCLE = 100;

  /** Default of {@code max_parse_processes}. */
  public static final int DEFAULT_MAX_PARSE_PROCESSES = 5;

  /** Default of {@code max_transfer_processes}. */
  public static final int DEFAULT_MAX_TRANSFER_PROCESSES = 50;

  /** Default of {@code secs_to_wait_for_atomic_group_hosts}: 600 seconds. */
  public static final Duration DEFAULT_SECS_TO_WAIT_FOR_ATOMIC_GROUP_HOSTS = Duration.ofMinutes(10);

  /** Default of {@code reverify_period_minutes}: zero, reverification is off. */
  public static final Duration DEFAULT_REVERIFY_PERIOD = Duration.ZERO;

  /** Default of {@code tick_pause_sec}. */
  public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofSeconds(5);

  /** Default of {@code clean_interval_minutes}. */
  public static final Duration DEFAULT_CLEAN_INTERVAL = Duration.ofMinutes(60);

  /** Default of {@code reverify_max_hosts_at_once}: 0, no limit. */
  public static final int DEFAULT_REVERIFY_MAX_HOSTS_AT_ONCE = 0;

  /** Default of {@code drone_lost_after_secs}: 10 minutes. */
  public static final Duration DEFAULT_DRONE_LOST_AFTER = Duration.ofMinutes(10);

  /** Default of {@code max_running_jobs}: 0, no total beyond each drone's limit. */
  public static final int DEFAULT_MAX_RUNNING_JOBS = 0;

  /**
   * Checks every component and copies the collections.
   *
   * @throws NullPointerException if any reference is null
   * @throws IllegalArgumentException if a host or user name, a path, a limit or a duration is
   *     outside what the component's description allows
   */
  public SchedulerSettings {
    drones = List.copyOf(drones);
    usernames = Map.copyOf(usernames);
    ports = Map.copyOf(ports);
    checkArgument(!drones.isEmpty(), "drones must list at least one host");
    for (String drone : drones) {
      checkHostName("drones", drone);
    }
    checkArgument(
        ConfigValues.isAbsolutePath(droneInstallationDirectory),
        "drone_installation_directory must be an absolute path, was " + droneInstallationDirectory);
    checkHostName("results_host", resultsHost);
    checkArgument(
        resultsHostInstallationDirectory.isEmpty()
            || ConfigValues.isAbsolutePath(resultsHostInstallationDirectory),
        "results_host_installation_directory must be empty or an absolute path, was "
            + resultsHostInstallationDirectory);
    if (!archiveHost.isEmpty()) {
      checkHostName("archive_host", archiveHost);
    }
    checkAtLeast("max_processes_per_drone", maxProcessesPerDrone, 1);
    checkAtLeast("max_jobs_started_per_cycle", maxJobsStartedPerCycle, 1);
    checkAtLeast("max_parse_processes", maxParseProcesses, 1);
    checkAtLeast("max_transfer_processes", maxTransferProcesses, 1);
    checkAtLeast("reverify_max_hosts_at_once", reverifyMaxHostsAtOnce, 0);
    checkAtLeast("max_running_jobs", maxRunningJobs, 0);
    checkArgument(
        droneLostAfter != null && droneLostAfter.isPositive(),
        "drone_lost_after_secs must be above zero, was " + droneLostAfter);
    checkArgument(
        !secsToWaitForAtomicGroupHosts.isNegative(),
        "secs_to_wait_for_atomic_group_hosts must not be negative, was "
            + secsToWaitForAtomicGroupHosts);
    checkArgument(
        !reverifyPeriod.isNegative(),
        "reverify_period must not be negative, was " + reverifyPeriod);
    checkArgument(
        tickInterval.isPositive(), "tick_interval must be above zero, was " + tickInterval);
    checkArgument(
        cleanInterval.isPositive(), "clean_interval must be above zero, was " + cleanInterval);
    usernames.forEach(
        (host, user) -> {
          checkHostName("usernames", host);
          checkArgument(
              host.equals(host.toLowerCase(Locale.ROOT)),
              "usernames must be keyed by lower-case host names, was " + host);
          checkArgument(
              ConfigValues.isUserName(user),
              "usernames: "
                  + host
                  + " must map to "
                  + ConfigValues.USER_NAME_RULE
                  + ", was "
                  + user);
        });
  }

  /**
   * Returns the settings used without a configuration file: every {@code DEFAULT_} constant.
   *
   * @return the default settings
   */
  public static SchedulerSettings defaults() {
    return new SchedulerSettings(
        DEFAULT_DRONES,
        DEFAULT_DRONE_INSTALLATION_DIRECTORY,
        DEFAULT_RESULTS_HOST,
        DEFAULT_RESULTS_HOST_INSTALLATION_DIRECTORY,
        DEFAULT_ARCHIVE_HOST,
        DEFAULT_MAX_PROCESSES_PER_DRONE,
        DEFAULT_MAX_JOBS_STARTED_PER_CYCLE,
        DEFAULT_MAX_PARSE_PROCESSES,
        DEFAULT_MAX_TRANSFER_PROCESSES,
        DEFAULT_SECS_TO_WAIT_FOR_ATOMIC_GROUP_HOSTS,
        DEFAULT_REVERIFY_PERIOD,
        DEFAULT_TICK_INTERVAL,
        Map.of(),
        DEFAULT_CLEAN_INTERVAL,
        DEFAULT_REVERIFY_MAX_HOSTS_AT_ONCE,
        DEFAULT_MAX_RUNNING_JOBS,
        Map.of(),
        DEFAULT_DRONE_LOST_AFTER);
  }

  /** The SSH port of a host: its {@code <host>_port} key, or 22. */
  public int portFor(String host) {
    return ports.getOrDefault(host.toLowerCase(Locale.ROOT), 22);
  }

  /**
   * Returns the SSH user for a host, set by a {@code <host>_username} key.
   *
   * @param host a host name, in any case
   * @return the user, or empty to connect as the user Hangar runs as
   * @throws NullPointerException if {@code host} is null
   */
  public Optional<String> usernameFor(String host) {
    Objects.requireNonNull(host, "host");
    return Optional.ofNullable(usernames.get(host.toLowerCase(Locale.ROOT)));
  }

  /**
   * Tells whether a host is this machine, reached without SSH.
   *
   * @param host a host name, in any case
   * @return true for {@value #LOCALHOST}
   * @throws NullPointerException if {@code host} is null
   */
  public static boolean isLocalhost(String host) {
    return LOCALHOST.equalsIgnoreCase(Objects.requireNonNull(host, "host"));
  }

  private static void checkHostName(String component, String host) {
    checkArgument(
        ConfigValues.isHostName(host),
        component + " must hold " + ConfigValues.HOST_NAME_RULE + ", was '" + host + "'");
  }

  private static void checkAtLeast(String component, int value, int min) {
    checkArgument(value >= min, component + " must be >= " + min + ", was " + value);
  }

  private static void checkArgument(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
