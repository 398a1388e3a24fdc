package hangar.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code [SCHEDULER]} into {@link SchedulerSettings}. */
final class SchedulerSection {
  static final String NAME = "SCHEDULER";

  private static final String USERNAME_SUFFIX = "_username";
  private static final String PORT_SUFFIX = "_port";

  /** Keys of Autotest's {@code [SCHEDULER]} that Hangar does not use. */
  private static final List<String> AUTOTEST_ONLY_KEYS =
      List.of(
          "die_on_orphans",
          "enable_scheduler",
          "notify_email",
          "notify_email_from",
          "notify_email_statuses",
          "synch_job_start_timeout_minutes",
          "max_repair_limit",
          "max_provision_retries");

  private List<String> drones = SchedulerSettings.DEFAULT_DRONES;
  private String droneInstallationDirectory =
      SchedulerSettings.DEFAULT_DRONE_INSTALLATION_DIRECTORY;
  private String resultsHost = SchedulerSettings.DEFAULT_RESULTS_HOST;
  private String resultsHostInstallationDirectory =
      SchedulerSettings.DEFAULT_RESULTS_HOST_INSTALLATION_DIRECTORY;
  private String archiveHost = SchedulerSettings.DEFAULT_ARCHIVE_HOST;
  private int maxProcessesPerDrone = SchedulerSettings.DEFAULT_MAX_PROCESSES_PER_DRONE;
  private int maxJobsStartedPerCycle = SchedulerSettings.DEFAULT_MAX_JOBS_STARTED_PER_CYCLE;
  private int maxParseProcesses = SchedulerSettings.DEFAULT_MAX_PARSE_PROCESSES;
  private int maxTransferProcesses = SchedulerSettings.DEFAULT_MAX_TRANSFER_PROCESSES;
  private Duration secsToWaitForAtomicGroupHosts =
      SchedulerSettings.DEFAULT_SECS_TO_WAIT_FOR_ATOMIC_GROUP_HOSTS;
  private Duration reverifyPeriod = SchedulerSettings.DEFAULT_REVERIFY_PERIOD;
  private Duration tickInterval = SchedulerSettings.DEFAULT_TICK_INTERVAL;
  private Duration cleanInterval = SchedulerSettings.DEFAULT_CLEAN_INTERVAL;
  private int reverifyMaxHostsAtOnce = SchedulerSettings.DEFAULT_REVERIFY_MAX_HOSTS_AT_ONCE;
  private int maxRunningJobs = SchedulerSettings.DEFAULT_MAX_RUNNING_JOBS;
  private Duration droneLostAfter = SchedulerSettings.DEFAULT_DRONE_LOST_AFTER;
  private final Map<String, IniEntry> usernameEntries = new LinkedHashMap<>();
  private final Map<String, Integer> ports = new HashMap<>();

  private SchedulerSection() {}

  /**
   * Reads the section; keys it does not know add a line to {@code warnings}, and so does a {@code
   * <host>_username} key for a host that is neither a drone, the results host nor the archive host.
   *
   * @throws ConfigException on the first wrong value
   */
  static SchedulerSettings read(IniSection section, List<String> warnings) {
    SchedulerSection reader = new SchedulerSection();
    for (IniEntry entry : section.entries()) {
      reader.apply(entry, warnings);
    }
    return reader.settings(warnings);
  }

  private void apply(IniEntry entry, List<String> warnings) {
    switch (entry.key()) {
      case "drones" -> drones = ConfigValues.hostList(entry);
      case "drone_installation_directory" ->
          droneInstallationDirectory = ConfigValues.absolutePath(entry);
      case "results_host" -> resultsHost = ConfigValues.hostName(entry);
      case "results_host_installation_directory" ->
          resultsHostInstallationDirectory = ConfigValues.absolutePathOrEmpty(entry);
      case "archive_host" -> archiveHost = ConfigValues.hostNameOrEmpty(entry);
      case "max_processes_per_drone" -> maxProcessesPerDrone = ConfigValues.wholeNumber(entry, 1);
      case "max_jobs_started_per_cycle" ->
          maxJobsStartedPerCycle = ConfigValues.wholeNumber(entry, 1);
      case "max_parse_processes" -> maxParseProcesses = ConfigValues.wholeNumber(entry, 1);
      case "max_transfer_processes" -> maxTransferProcesses = ConfigValues.wholeNumber(entry, 1);
      case "secs_to_wait_for_atomic_group_hosts" ->
          secsToWaitForAtomicGroupHosts = Duration.ofSeconds(ConfigValues.wholeNumber(entry, 0));
      case "reverify_period_minutes" ->
          reverifyPeriod = Duration.ofMinutes(ConfigValues.wholeNumber(entry, 0));
      case "tick_pause_sec" -> tickInterval = ConfigValues.positiveSeconds(entry);
      case "clean_interval_minutes" ->
          cleanInterval = Duration.ofMinutes(ConfigValues.wholeNumber(entry, 1));
      case "reverify_max_hosts_at_once" ->
          reverifyMaxHostsAtOnce = ConfigValues.wholeNumber(entry, 0);
      case "max_running_jobs" -> maxRunningJobs = ConfigValues.wholeNumber(entry, 0);
      case "drone_lost_after_secs" ->
          droneLostAfter = Duration.ofSeconds(ConfigValues.wholeNumber(entry, 1));
      default -> {
        if (entry.key().endsWith(USERNAME_SUFFIX)) {
          addUsername(entry);
        } else if (entry.key().endsWith(PORT_SUFFIX)
            && ConfigValues.isHostName(
                entry.key().substring(0, entry.key().length() - PORT_SUFFIX.length()))) {
          int port = ConfigValues.wholeNumber(entry, 1, 65535);
          ports.put(entry.key().substring(0, entry.key().length() - PORT_SUFFIX.length()), port);
        } else {
          warnings.add(Warnings.unknownKey(entry, AUTOTEST_ONLY_KEYS));
        }
      }
    }
  }

  private void addUsername(IniEntry entry) {
    String host = entry.key().substring(0, entry.key().length() - USERNAME_SUFFIX.length());
    if (!ConfigValues.isHostName(host)) {
      throw entry.error(
          "a <host>_username key must start with "
              + ConfigValues.HOST_NAME_RULE
              + ", was "
              + ConfigValues.shown(host));
    }
    ConfigValues.userName(entry);
    usernameEntries.put(host, entry);
  }

  private SchedulerSettings settings(List<String> warnings) {
    Set<String> known = new HashSet<>(drones);
    known.add(resultsHost);
    known.add(archiveHost);
    Map<String, String> usernames = new HashMap<>();
    usernameEntries.forEach(
        (host, entry) -> {
          usernames.put(host, entry.value());
          if (!known.contains(host)) {
            warnings.add(
                entry.warning(
                    host
                        + " is not a drone, the results host or the archive host; the user name"
                        + " is not used"));
          }
        });
    return new SchedulerSettings(
        drones,
        droneInstallationDirectory,
        resultsHost,
        resultsHostInstallationDirectory,
        archiveHost,
        maxProcessesPerDrone,
        maxJobsStartedPerCycle,
        maxParseProcesses,
        maxTransferProcesses,
        secsToWaitForAtomicGroupHosts,
        reverifyPeriod,
        tickInterval,
        usernames,
        cleanInterval,
        reverifyMaxHostsAtOnce,
        maxRunningJobs,
        ports,
        droneLostAfter);
  }
}
