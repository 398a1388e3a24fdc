package hangar.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A request to run one control file on some hosts.
 *
 * @param id database id
 * @param owner the user who created it
 * @param name a free-form name
 * @param priority higher runs first (see {@link Priority})
 * @param controlFile the control file's text
 * @param controlType client (per host) or server (once over all hosts)
 * @param synchCount how many hosts must be ready together before it starts
 * @param timeout how long it may take from creation before it is aborted
 * @param maxRuntime how long a session may run once started
 * @param runVerify verify each host before running
 * @param rebootBefore clean the host before running
 * @param rebootAfter clean the host after running
 * @param emailList comma-separated addresses notified when the job finishes, or empty
 * @param dependencies label names every chosen host must carry
 * @param createdOn when it was created
 * @param atomicGroup the atomic group it runs on, or null
 */
public record Job(
    long id,
    String owner,
    String name,
    int priority,
    String controlFile,
    ControlType controlType,
    int synchCount,
    Duration timeout,
    Duration maxRuntime,
    boolean runVerify,
    RebootBefore rebootBefore,
    RebootAfter rebootAfter,
    String emailList,
    List<String> dependencies,
    Instant createdOn,
    String atomicGroup) {
  public Job {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(controlFile, "controlFile");
    Objects.requireNonNull(controlType, "controlType");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(maxRuntime, "maxRuntime");
    Objects.requireNonNull(rebootBefore, "rebootBefore");
    Objects.requireNonNull(rebootAfter, "rebootAfter");
    emailList = emailList == null ? "" : emailList;
    dependencies = List.copyOf(dependencies);
  }

  /** A job without an atomic group. */
  public Job(
      long id,
      String owner,
      String name,
      int priority,
      String controlFile,
      ControlType controlType,
      int synchCount,
      Duration timeout,
      Duration maxRuntime,
      boolean runVerify,
      RebootBefore rebootBefore,
      RebootAfter rebootAfter,
      String emailList,
      List<String> dependencies,
      Instant createdOn) {
    this(
        id,
        owner,
        name,
        priority,
        controlFile,
        controlType,
        synchCount,
        timeout,
        maxRuntime,
        runVerify,
        rebootBefore,
        rebootAfter,
        emailList,
        dependencies,
        createdOn,
        null);
  }

  /** The results folder name under the results directory: {@code <id>-<owner>}. */
  public String resultsTag() {
    return id + "-" + owner;
  }
}
