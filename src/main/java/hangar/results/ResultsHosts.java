package hangar.results;

import hangar.config.GlobalConfig;
import hangar.config.SchedulerSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** The results host and archive host of a configuration, where they are other machines. */
public final class ResultsHosts {
  private ResultsHosts() {}

  /**
   * The results host, when {@code results_host} is not {@code localhost}: its folder is {@code
   * results_host_installation_directory}, or the same path as the server's results folder.
   */
  public static Optional<ResultsHost> resultsHost(
      GlobalConfig config, Path serverResults, Clock clock) {
    SchedulerSettings s = config.scheduler();
    if (s.resultsHost().equals(SchedulerSettings.LOCALHOST)) {
      return Optional.empty();
    }
    return Optional.of(remote(config, s.resultsHost(), serverResults, clock));
  }

  /**
   * The results host (when another machine), then the archive host (when set): where results are
   * looked for after the server's own folder. The archive keeps them under the same folder as the
   * results host.
   */
  public static Elsewhere elsewhere(GlobalConfig config, Path serverResults, Clock clock) {
    String archive = config.scheduler().archiveHost();
    return new Elsewhere(
        resultsHost(config, serverResults, clock),
        archive == null || archive.isBlank()
            ? Optional.empty()
            : Optional.of(remote(config, archive, serverResults, clock)));
  }

  /**
   * Where results are, besides the server's machine and the drones.
   *
   * @param resultsHost the results host, when another machine: looked at before the drones
   * @param archiveHost the archive host, when set: looked at last
   */
  public record Elsewhere(Optional<ResultsHost> resultsHost, Optional<ResultsHost> archiveHost) {
    /** Neither: everything is on the server's machine or the drones. */
    public static final Elsewhere NONE = new Elsewhere(Optional.empty(), Optional.empty());
  }

  private static ResultsHost remote(
      GlobalConfig config, String host, Path serverResults, Clock clock) {
    SchedulerSettings s = config.scheduler();
    String dir = s.resultsHostInstallationDirectory();
    return new ResultsHost(
        host,
        s.usernameFor(host).orElse(System.getProperty("user.name")),
        s.portFor(host),
        dir == null || dir.isBlank() ? serverResults.toAbsolutePath().toString() : dir,
        config.ssh(),
        clock);
  }
}
