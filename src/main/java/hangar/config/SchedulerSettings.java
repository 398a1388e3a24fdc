package hangar.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The {@code [SCHEDULER]} section. (Placeholder shape; the config reader fills it.) */
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
    Map<String, String> usernames) {}
