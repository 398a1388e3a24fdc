package hangar.lab;

import java.util.List;
import java.util.Set;

/**
 * Every valid host with its labels and ACL groups, and which labels are only-if-needed: what
 * matching reads once per scheduler tick or job creation.
 *
 * @param hosts the valid (not deleted) hosts, sorted by hostname
 * @param onlyIfNeededLabels the names of the labels whose hosts run only jobs that ask for them
 */
public record HostPool(List<HostAccess> hosts, Set<String> onlyIfNeededLabels) {
  public HostPool {
    hosts = List.copyOf(hosts);
    onlyIfNeededLabels = Set.copyOf(onlyIfNeededLabels);
  }
}
