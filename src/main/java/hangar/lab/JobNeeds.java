package hangar.lab;

import java.util.Objects;
import java.util.Set;

/**
 * What a job asks of every host it gets.
 *
 * @param jobId the job
 * @param owner who owns it; the owner's ACL groups decide which hosts it may use
 * @param superuser whether the owner is a superuser (Autotest's access level 100), who may name any
 *     host at creation
 * @param dependencies label names every host must carry
 * @param aclGroups the names of the owner's ACL groups
 * @param usedHosts ids of hosts the job's entries hold or held; a job never gets a host twice
 * @param synchCount how many of its hosts run together; above 1 its entries wait Pending; with an
 *     atomic group, the least number of hosts it runs on
 * @param atomicGroup the atomic group it takes its hosts from, or null
 */
public record JobNeeds(
    long jobId,
    String owner,
    boolean superuser,
    Set<String> dependencies,
    Set<String> aclGroups,
    Set<Long> usedHosts,
    int synchCount,
    AtomicGroup atomicGroup) {
  /** Needs of a job without an atomic group. */
  public JobNeeds(
      long jobId,
      String owner,
      boolean superuser,
      Set<String> dependencies,
      Set<String> aclGroups,
      Set<Long> usedHosts,
      int synchCount) {
    this(jobId, owner, superuser, dependencies, aclGroups, usedHosts, synchCount, null);
  }

  /** Needs of a job whose hosts each run on their own (synch count 1). */
  public JobNeeds(
      long jobId,
      String owner,
      boolean superuser,
      Set<String> dependencies,
      Set<String> aclGroups,
      Set<Long> usedHosts) {
    this(jobId, owner, superuser, dependencies, aclGroups, usedHosts, 1);
  }

  public JobNeeds {
    Objects.requireNonNull(owner, "owner");
    dependencies = Set.copyOf(dependencies);
    aclGroups = Set.copyOf(aclGroups);
    usedHosts = Set.copyOf(usedHosts);
  }

  /** True when its entries wait Pending for a group instead of starting on their own. */
  public boolean synchronous() {
    return synchCount > 1 || atomicGroup != null;
  }

  /** These needs with the hosts the job used replaced. */
  public JobNeeds withUsedHosts(Set<Long> used) {
    return new JobNeeds(
        jobId, owner, superuser, dependencies, aclGroups, used, synchCount, atomicGroup);
  }

  /**
   * True when the owner and the host share an ACL group; admins may always use the server's own
   * machine.
   */
  public boolean mayUse(HostAccess host) {
    if (superuser && host.privileged()) {
      return true;
    }
    for (String group : host.aclGroups()) {
      if (aclGroups.contains(group)) {
        return true;
      }
    }
    return false;
  }
}
