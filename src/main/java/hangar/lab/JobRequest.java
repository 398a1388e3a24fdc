package hangar.lab;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a user asks for when creating a job: the job's fields and the hosts it wants.
 *
 * @param owner who asks
 * @param name the job's name
 * @param controlFile the control file's text
 * @param controlType client or server
 * @param hosts named hosts, one entry each
 * @param metaHosts labels, one entry (one host wanted from that label) each
 * @param priority higher first
 * @param synchCount hosts that must be ready together
 * @param timeout how long from creation until it is aborted
 * @param maxRuntime how long a session may run
 * @param runVerify verify before running
 * @param rebootBefore clean before
 * @param rebootAfter clean after
 * @param emailList addresses to notify
 * @param dependencies labels every host must carry
 * @param atomicGroup the atomic group whose hosts it runs on together, or null; it then names no
 *     host and its synch count is the least number of hosts it runs on
 */
public record JobRequest(
    String owner,
    String name,
    String controlFile,
    ControlType controlType,
    List<String> hosts,
    List<String> metaHosts,
    int priority,
    int synchCount,
    Duration timeout,
    Duration maxRuntime,
    boolean runVerify,
    RebootBefore rebootBefore,
    RebootAfter rebootAfter,
    String emailList,
    List<String> dependencies,
    String atomicGroup) {

  /** Jobs time out after a day unless asked otherwise, as Autotest's default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);

  /** The longest control file a job takes, in characters (the API takes 1 MB bodies). */
  public static final int MAX_CONTROL_FILE_LENGTH = 1_000_000;

  /** The longest email list: the column's {@code VARCHAR(1000)}. */
  public static final int MAX_EMAIL_LIST_LENGTH = 1000;

  public JobRequest {
    Names.login(owner);
    Objects.requireNonNull(controlType, "controlType");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(maxRuntime, "maxRuntime");
    Objects.requireNonNull(rebootBefore, "rebootBefore");
    Objects.requireNonNull(rebootAfter, "rebootAfter");
    Names.job(name);
    if (controlFile == null || controlFile.isBlank()) {
      throw new IllegalArgumentException("job '" + name + "' has an empty control file");
    }
    Texts.lines("the control file", controlFile, MAX_CONTROL_FILE_LENGTH);
    hosts = List.copyOf(Names.checkAll(Names.Kind.HOST, hosts));
    metaHosts = List.copyOf(Names.checkAll(Names.Kind.LABEL, metaHosts));
    dependencies = List.copyOf(Names.checkAll(Names.Kind.LABEL, dependencies));
    if (atomicGroup != null) {
      Names.atomicGroup(atomicGroup);
    }
    emailList = emailList == null ? "" : Texts.line("email_list", emailList, MAX_EMAIL_LIST_LENGTH);
    if (atomicGroup != null && !(hosts.isEmpty() && metaHosts.isEmpty())) {
      throw new IllegalArgumentException(
          "job '"
              + name
              + "' names hosts and atomic group "
              + atomicGroup
              + "; an atomic group job takes its hosts from the group's labels: drop -m, -M and"
              + " -b, and narrow the hosts with -d LABEL if needed");
    }
    if (hosts.isEmpty() && metaHosts.isEmpty() && atomicGroup == null) {
      throw new IllegalArgumentException(
          "job '" + name + "' names no host; give hosts with -m HOST[,HOST...]");
    }
    if (hosts.size() != hosts.stream().distinct().count()) {
      throw new IllegalArgumentException("job '" + name + "' names a host twice: " + hosts);
    }
    if (synchCount < 1) {
      throw new IllegalArgumentException("synch count must be >= 1, was " + synchCount);
    }
    int asked = hosts.size() + metaHosts.size();
    if (atomicGroup == null && synchCount > asked) {
      throw new IllegalArgumentException(
          "job '"
              + name
              + "' asks for "
              + synchCount
              + " hosts together (synch count) but for only "
              + asked
              + (asked == 1 ? " host" : " hosts")
              + " in all; give more hosts with -m, -M or -b, or a smaller -y");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    if (maxRuntime.isNegative() || maxRuntime.isZero()) {
      throw new IllegalArgumentException("max runtime must be positive, was " + maxRuntime);
    }
  }

  /** A request without an atomic group. */
  public JobRequest(
      String owner,
      String name,
      String controlFile,
      ControlType controlType,
      List<String> hosts,
      List<String> metaHosts,
      int priority,
      int synchCount,
      Duration timeout,
      Duration maxRuntime,
      boolean runVerify,
      RebootBefore rebootBefore,
      RebootAfter rebootAfter,
      String emailList,
      List<String> dependencies) {
    this(
        owner,
        name,
        controlFile,
        controlType,
        hosts,
        metaHosts,
        priority,
        synchCount,
        timeout,
        maxRuntime,
        runVerify,
        rebootBefore,
        rebootAfter,
        emailList,
        dependencies,
        null);
  }

  /**
   * A client-side job on the hosts of an atomic group, at least {@code synchCount} of them, with
   * every other field at its default.
   */
  public static JobRequest onAtomicGroup(
      String owner, String name, String controlFile, String atomicGroup, int synchCount) {
    return new JobRequest(
        owner,
        name,
        controlFile,
        ControlType.CLIENT,
        List.of(),
        List.of(),
        Priority.MEDIUM.value(),
        synchCount,
        DEFAULT_TIMEOUT,
        DEFAULT_TIMEOUT,
        false,
        RebootBefore.NEVER,
        RebootAfter.NEVER,
        "",
        List.of(),
        atomicGroup);
  }

  /** This request with these dependency labels instead of its own. */
  public JobRequest withDependencies(List<String> labels) {
    return new JobRequest(
        owner,
        name,
        controlFile,
        controlType,
        hosts,
        metaHosts,
        priority,
        synchCount,
        timeout,
        maxRuntime,
        runVerify,
        rebootBefore,
        rebootAfter,
        emailList,
        labels,
        atomicGroup);
  }

  /** This request asking for {@code hosts} hosts together (its synch count). */
  public JobRequest withSynchCount(int hosts) {
    return new JobRequest(
        owner,
        name,
        controlFile,
        controlType,
        this.hosts,
        metaHosts,
        priority,
        hosts,
        timeout,
        maxRuntime,
        runVerify,
        rebootBefore,
        rebootAfter,
        emailList,
        dependencies,
        atomicGroup);
  }

  /** A client-side job on named hosts with every other field at its default. */
  public static JobRequest of(String owner, String name, String controlFile, List<String> hosts) {
    return new JobRequest(
        owner,
        name,
        controlFile,
        ControlType.CLIENT,
        hosts,
        List.of(),
        Priority.MEDIUM.value(),
        1,
        DEFAULT_TIMEOUT,
        DEFAULT_TIMEOUT,
        false,
        RebootBefore.NEVER,
        RebootAfter.NEVER,
        "",
        List.of());
  }
}
