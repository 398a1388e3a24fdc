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
 */
public record JobNeeds(
    long jobId,
    String owner,
    boolean superuser,
    Set<String> dependencies,
    Set<String> aclGroups,
    Set<Long> usedHosts) {
  public JobNeeds {
    Objects.requireNonNull(owner, "owner");
    dependencies = Set.copyOf(dependencies);
    aclGroups = Set.copyOf(aclGroups);
    usedHosts = Set.copyOf(usedHosts);
  }

  /** True when the owner and the host share an ACL group. */
  public boolean mayUse(HostAccess host) {
    for (String group : host.aclGroups()) {
      if (aclGroups.contains(group)) {
        return true;
      }
    }
    return false;
  }
}
