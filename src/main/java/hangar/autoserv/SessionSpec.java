package hangar.autoserv;

import hangar.lab.ControlType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a drone needs to run one autoserv session; travels from scheduler to drone.
 *
 * @param sessionId unique per session, for example {@code hqe-42}
 * @param jobId the job
 * @param owner the job's owner
 * @param jobName the job's name
 * @param controlType client (runs against each host) or server (once over all)
 * @param controlFile the control file's text
 * @param hosts the hosts it runs against; a client session has exactly one
 * @param resultsDir the folder it writes: {@code <results>/<job>-<owner>/<host>} for a client
 *     session, {@code <results>/<job>-<owner>} for a server one, {@code
 *     <results>/hosts/<host>/<task>-<kind>} for a special task
 * @param kind what the session does; {@link SessionKind#JOB} when absent (a spec from an older
 *     peer)
 * @param checks the limits a special task checks; {@link HostChecks#DEFAULT} when absent
 * @param consoles each host's console command (by its entry in {@code hosts}), run on the drone
 *     while the session runs, its output kept as {@code console.log}; empty when absent
 */
public record SessionSpec(
    String sessionId,
    long jobId,
    String owner,
    String jobName,
    ControlType controlType,
    String controlFile,
    List<String> hosts,
    Path resultsDir,
    SessionKind kind,
    HostChecks checks,
    Map<String, String> consoles) {
  public SessionSpec {
    kind = kind == null ? SessionKind.JOB : kind;
    consoles = consoles == null ? Map.of() : Map.copyOf(consoles);
    checks = checks == null ? HostChecks.DEFAULT : checks;
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(jobName, "jobName");
    Objects.requireNonNull(controlType, "controlType");
    Objects.requireNonNull(controlFile, "controlFile");
    Objects.requireNonNull(resultsDir, "resultsDir");
    hosts = List.copyOf(hosts);
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("session " + sessionId + " names no host");
    }
  }

  /** A job session: runs {@code controlFile} against {@code hosts}. */
  public SessionSpec(
      String sessionId,
      long jobId,
      String owner,
      String jobName,
      ControlType controlType,
      String controlFile,
      List<String> hosts,
      Path resultsDir) {
    this(
        sessionId,
        jobId,
        owner,
        jobName,
        controlType,
        controlFile,
        hosts,
        resultsDir,
        SessionKind.JOB,
        HostChecks.DEFAULT,
        Map.of());
  }

  /** A session with no console commands. */
  public SessionSpec(
      String sessionId,
      long jobId,
      String owner,
      String jobName,
      ControlType controlType,
      String controlFile,
      List<String> hosts,
      Path resultsDir,
      SessionKind kind,
      HostChecks checks) {
    this(
        sessionId,
        jobId,
        owner,
        jobName,
        controlType,
        controlFile,
        hosts,
        resultsDir,
        kind,
        checks,
        Map.of());
  }

  /** This spec with another results folder. */
  public SessionSpec withResultsDir(Path dir) {
    return new SessionSpec(
        sessionId,
        jobId,
        owner,
        jobName,
        controlType,
        controlFile,
        hosts,
        dir,
        kind,
        checks,
        consoles);
  }
}
