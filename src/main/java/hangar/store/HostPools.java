package hangar.store;

import hangar.lab.Host;
import hangar.lab.HostAccess;
import hangar.lab.HostPool;
import java.util.ArrayList;
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

  /** Every valid host's row version, by host id. */
  static Map<Long, Long> versions(Handle h) {
    Map<Long, Long> versions = new HashMap<>();
    h.createQuery("SELECT id, version FROM hosts WHERE invalid = FALSE")
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
        .forEach(e -> versions.put(e.getKey(), e.getValue()));
    return versions;
  }

  /**
   * {@code previous} with the rows whose version moved read again, keeping its labels and ACL
   * groups: for a caller that knows those did not change.
   *
   * @param before the row versions {@code previous} was read at
   * @param now the row versions just read
   * @return null when a host appeared that {@code previous} does not hold; read it all then
   */
  static HostPool refresh(
      Handle h, HostPool previous, Map<Long, Long> before, Map<Long, Long> now) {
    List<Long> changed = new ArrayList<>();
    for (Map.Entry<Long, Long> host : now.entrySet()) {
      Long was = before.get(host.getKey());
      if (was == null) {
        return null;
      }
      if (!was.equals(host.getValue())) {
        changed.add(host.getKey());
      }
    }
    Map<Long, Host> reread = new HashMap<>();
    for (Host row : HostRows.rows(h, changed)) {
      reread.put(row.id(), row);
    }
    List<HostAccess> hosts = new ArrayList<>(now.size());
    for (HostAccess access : previous.hosts()) {
      long id = access.host().id();
      if (!now.containsKey(id)) {
        continue; // deleted since
      }
      Host row = reread.get(id);
      hosts.add(
          row == null
              ? access
              : new HostAccess(row.withLabels(access.host().labels()), access.aclGroups()));
    }
    return new HostPool(hosts, previous.onlyIfNeededLabels());
  }

  static HostPool load(Handle h) {
    List<Host> hosts = HostRows.load(h, null);
    Map<Long, Set<String>> groups = new HashMap<>();
    h.createQuery(
            """
            SELECT gh.host_id, g.name FROM acl_group_hosts gh
              JOIN acl_groups g ON g.id = gh.acl_group_id
              JOIN hosts h ON h.id = gh.host_id
             WHERE h.invalid = FALSE""")
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
        .forEach(e -> groups.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
    return new HostPool(
        hosts.stream()
            .map(host -> new HostAccess(host, groups.getOrDefault(host.id(), Set.of())))
            .toList(),
        onlyIfNeeded(h));
  }

  /**
   * The hosts a new job could concern: those with these ids and those carrying one of these labels,
   * with their labels and ACL groups; what job feasibility needs, read without the rest of the lab.
   * Reads the whole lab instead when they are too many for one {@code IN} list.
   */
  static HostPool loadFor(Handle h, Set<Long> hostIds, Set<Long> labelIds) {
    Set<Long> ids = new HashSet<>(hostIds);
    if (!labelIds.isEmpty()) {
      for (List<Long> chunk : Rows.chunks(List.copyOf(labelIds))) {
        ids.addAll(
            h.createQuery(
                    """
                    SELECT hl.host_id FROM host_labels hl JOIN hosts h ON h.id = hl.host_id
                     WHERE h.invalid = FALSE AND hl.label_id IN (<labels>)""")
                .bindList("labels", chunk)
                .mapTo(Long.class)
                .list());
      }
    }
    if (ids.size() > Rows.IN_LIST_MAX) {
      return load(h);
    }
    List<Host> hosts = HostRows.load(h, ids);
    Map<Long, Set<String>> groups = new HashMap<>();
    if (!ids.isEmpty()) {
      h.createQuery(
              """
              SELECT gh.host_id, g.name FROM acl_group_hosts gh
                JOIN acl_groups g ON g.id = gh.acl_group_id
               WHERE gh.host_id IN (<ids>)""")
          .bindList("ids", List.copyOf(ids))
          .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
          .forEach(e -> groups.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
    }
    return new HostPool(
        hosts.stream()
            .map(host -> new HostAccess(host, groups.getOrDefault(host.id(), Set.of())))
            .toList(),
        onlyIfNeeded(h));
  }

  private static Set<String> onlyIfNeeded(Handle h) {
    return Set.copyOf(
        h.createQuery("SELECT name FROM labels WHERE only_if_needed = TRUE AND invalid = FALSE")
            .mapTo(String.class)
            .list());
  }
}
