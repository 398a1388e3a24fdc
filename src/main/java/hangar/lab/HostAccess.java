package hangar.lab;

import java.util.Objects;
import java.util.Set;

/**
 * A host as matching sees it: the host and the ACL groups that hold it.
 *
 * @param host the host, with its labels
 * @param aclGroups the names of the ACL groups that hold it
 */
public record HostAccess(Host host, Set<String> aclGroups) {
  public HostAccess {
    Objects.requireNonNull(host, "host");
    aclGroups = Set.copyOf(aclGroups);
  }

  /** True when the host carries the label. */
  public boolean carries(String label) {
    return host.labels().contains(label);
  }
}
