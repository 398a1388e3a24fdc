package hangar.lab;

import java.util.Objects;
import java.util.Set;

/**
 * A host as matching sees it: the host and the ACL groups that hold it.
 *
 * <p>The server's own machine ({@code localhost}) is privileged: a job there runs commands where
 * the server and its credentials live, so {@code Everyone} does not count for it. Only admins and
 * the members of a group an admin put it in may use it.
 *
 * @param host the host, with its labels
 * @param aclGroups the names of the ACL groups that hold it; without {@code Everyone} for a
 *     privileged host
 */
public record HostAccess(Host host, Set<String> aclGroups) {
  public HostAccess {
    Objects.requireNonNull(host, "host");
    aclGroups =
        host.isServerMachine()
            ? aclGroups.stream()
                .filter(g -> !AclGroup.EVERYONE.equals(g))
                .collect(java.util.stream.Collectors.toUnmodifiableSet())
            : Set.copyOf(aclGroups);
  }

  /** True for the server's own machine, which {@code Everyone} does not open to every user. */
  public boolean privileged() {
    return host.isServerMachine();
  }

  /** True when the host carries the label. */
  public boolean carries(String label) {
    return host.labels().contains(label);
  }
}
