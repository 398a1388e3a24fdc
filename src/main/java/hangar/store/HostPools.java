package hangar.store;

import hangar.lab.Host;
import hangar.lab.HostAccess;
import hangar.lab.HostPool;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Reads the valid hosts with their labels and ACL groups in four statements, whatever the number of
 * hosts: matching reads this once per tick, never per entry or per host.
 */
final class HostPools {
  private HostPools() {}

  static HostPool load(Handle h) {
    List<Host> hosts = HostStore.load(h, null);
    Map<Long, Set<String>> groups = new HashMap<>();
    h.createQuery(
            """
            SELECT gh.host_id, g.name FROM acl_group_hosts gh
              JOIN acl_groups g ON g.id = gh.acl_group_id
              JOIN hosts h ON h.id = gh.host_id
             WHERE h.invalid = FALSE""")
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
        .forEach(e -> groups.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
    Set<String> onlyIfNeeded =
        Set.copyOf(
            h.createQuery("SELECT name FROM labels WHERE only_if_needed = TRUE AND invalid = FALSE")
                .mapTo(String.class)
                .list());
    return new HostPool(
        hosts.stream()
            .map(host -> new HostAccess(host, groups.getOrDefault(host.id(), Set.of())))
            .toList(),
        onlyIfNeeded);
  }
}
