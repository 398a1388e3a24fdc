package hangar.store;

import hangar.lab.Host;
import hangar.lab.HostCommands;
import hangar.lab.HostStatus;
import hangar.lab.Protection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** Reads host rows, with or without their labels, for the stores that need hosts. */
final class HostRows {
  private static final String SELECT_HOSTS =
      """
      SELECT h.id, h.hostname, h.status, h.locked, h.locked_by, h.locked_on, h.lock_reason,
             h.protection, h.dirty, h.ssh_user, h.ssh_port, h.power_on_command,
             h.power_off_command, h.power_reset_command, h.console_command
        FROM hosts h
      """;

  private HostRows() {}

  /** These hosts' rows, without their labels. */
  static List<Host> rows(Handle h, Collection<Long> ids) {
    List<Host> rows = new ArrayList<>(ids.size());
    for (List<Long> chunk : Rows.chunks(List.copyOf(ids))) {
      h.createQuery(SELECT_HOSTS + " WHERE h.id IN (<ids>)")
          .bindList("ids", chunk)
          .map(HostRows::mapRow)
          .forEach(rows::add);
    }
    return rows;
  }

  private static Host mapRow(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    return new Host(
        rs.getLong("id"),
        rs.getString("hostname"),
        HostStatus.valueOf(rs.getString("status")),
        rs.getBoolean("locked"),
        rs.getString("locked_by"),
        Rows.instant(rs, "locked_on", ctx),
        rs.getString("lock_reason"),
        Protection.valueOf(rs.getString("protection")),
        rs.getBoolean("dirty"),
        List.of(),
        rs.getString("ssh_user"),
        rs.getObject("ssh_port", Integer.class),
        new HostCommands(
            rs.getString("power_on_command"),
            rs.getString("power_off_command"),
            rs.getString("power_reset_command"),
            rs.getString("console_command")));
  }

  /** Loads hosts with their labels; every valid one when {@code ids} is null. */
  static List<Host> load(Handle h, Collection<Long> ids) {
    if (ids != null && ids.isEmpty()) {
      return List.of();
    }
    var query =
        ids == null
            ? h.createQuery(SELECT_HOSTS + " WHERE h.invalid = FALSE ORDER BY h.hostname")
            : h.createQuery(SELECT_HOSTS + " WHERE h.id IN (<ids>) ORDER BY h.hostname")
                .bindList("ids", List.copyOf(ids));
    Map<Long, Host> hosts = new LinkedHashMap<>();
    query.map(HostRows::mapRow).forEach(host -> hosts.put(host.id(), host));
    if (hosts.isEmpty()) {
      return List.of();
    }
    Map<Long, List<String>> labels = new LinkedHashMap<>();
    var labelQuery =
        ids == null
            ? h.createQuery(
                """
                SELECT hl.host_id, l.name FROM host_labels hl JOIN labels l ON l.id = hl.label_id
                  JOIN hosts h ON h.id = hl.host_id
                 WHERE h.invalid = FALSE ORDER BY l.name""")
            : h.createQuery(
                    """
                    SELECT hl.host_id, l.name FROM host_labels hl
                      JOIN labels l ON l.id = hl.label_id
                     WHERE hl.host_id IN (<ids>) ORDER BY l.name""")
                .bindList("ids", List.copyOf(hosts.keySet()));
    labelQuery
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
        .forEach(e -> labels.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    return hosts.values().stream()
        .map(host -> host.withLabels(labels.getOrDefault(host.id(), List.of())))
        .toList();
  }
}
