package hangar.lab;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A machine under test.
 *
 * @param id database id
 * @param hostname the name jobs use; {@code localhost} means "this machine, no SSH"
 * @param status where the scheduler has it
 * @param locked a locked host is never given to a job
 * @param lockedBy who locked it, or null
 * @param lockedOn when it was locked, or null
 * @param lockReason why it was locked, or null
 * @param protection how much a repair may do
 * @param dirty true after a job ran, until a cleanup
 * @param labels the names of the labels it carries, sorted
 * @param sshUser the login over SSH, or null for the scheduler's own user
 * @param sshPort the SSH port, or null for 22
 * @param commands its power and console commands, run on the drone
 */
public record Host(
    long id,
    String hostname,
    HostStatus status,
    boolean locked,
    String lockedBy,
    Instant lockedOn,
    String lockReason,
    Protection protection,
    boolean dirty,
    List<String> labels,
    String sshUser,
    Integer sshPort,
    HostCommands commands) {
  public Host {
    Names.host(hostname);
    commands = commands == null ? HostCommands.NONE : commands;
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(protection, "protection");
    labels = List.copyOf(labels);
  }

  /** A host reached over SSH as the scheduler's own user on port 22. */
  public Host(
      long id,
      String hostname,
      HostStatus status,
      boolean locked,
      String lockedBy,
      Instant lockedOn,
      String lockReason,
      Protection protection,
      boolean dirty,
      List<String> labels) {
    this(
        id,
        hostname,
        status,
        locked,
        lockedBy,
        lockedOn,
        lockReason,
        protection,
        dirty,
        labels,
        null,
        null,
        HostCommands.NONE);
  }

  /**
   * How autoserv reaches it: {@code [user@]hostname[:port]}, with the parts that differ from the
   * defaults; just the name for {@code localhost} and for a host with neither set.
   */
  public String sshTarget() {
    return (sshUser == null ? "" : sshUser + "@")
        + hostname
        + (sshPort == null ? "" : ":" + sshPort);
  }

  /** This host carrying {@code newLabels} instead. */
  public Host withLabels(List<String> newLabels) {
    return new Host(
        id,
        hostname,
        status,
        locked,
        lockedBy,
        lockedOn,
        lockReason,
        protection,
        dirty,
        newLabels,
        sshUser,
        sshPort,
        commands);
  }

  /** This host with another status. */
  public Host withStatus(HostStatus newStatus) {
    return new Host(
        id,
        hostname,
        newStatus,
        locked,
        lockedBy,
        lockedOn,
        lockReason,
        protection,
        dirty,
        labels,
        sshUser,
        sshPort,
        commands);
  }

  /** The name of the host that is the drone's own machine, reached without SSH. */
  public static final String SERVER_MACHINE = "localhost";

  /**
   * True for {@code localhost}: sessions there run commands on the machine of the drone (in the
   * all-in-one setup, the server's), without SSH.
   */
  public boolean isServerMachine() {
    return SERVER_MACHINE.equals(hostname);
  }

  /** True when the scheduler may give this host to a queued entry now. */
  public boolean isAvailable() {
    return status == HostStatus.READY && !locked;
  }
}
