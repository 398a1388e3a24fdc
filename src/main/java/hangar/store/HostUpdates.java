package hangar.store;

import hangar.lab.Host;
import hangar.lab.HostCommands;
import hangar.lab.HostSettings;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;

/** Writes a host's {@link HostSettings} inside the caller's transaction. */
final class HostUpdates {
  private HostUpdates() {}

  /**
   * Applies every non-null setting to the host with this id.
   *
   * @param by who locks it, when the settings lock it
   * @throws IllegalArgumentException when a command, once merged, is not valid; the caller's
   *     transaction then writes nothing
   */
  static void apply(Handle h, long id, HostSettings s, String by, Instant now) {
    if (Boolean.TRUE.equals(s.locked())) {
      h.createUpdate(
              """
              UPDATE hosts SET locked = TRUE, locked_by = :by, locked_on = :now,
                     lock_reason = :reason, version = version + 1
               WHERE id = :id""")
          .bind("by", by)
          .bind("now", now)
          .bind("reason", s.lockReason())
          .bind("id", id)
          .execute();
    } else if (Boolean.FALSE.equals(s.locked())) {
      h.createUpdate(
              """
              UPDATE hosts SET locked = FALSE, locked_by = NULL, locked_on = NULL,
                     lock_reason = NULL, version = version + 1
               WHERE id = :id""")
          .bind("id", id)
          .execute();
    }
    if (s.protection() != null) {
      h.createUpdate("UPDATE hosts SET protection = :p, version = version + 1 WHERE id = :id")
          .bind("p", s.protection().name())
          .bind("id", id)
          .execute();
    }
    if (s.changesSsh() || s.changesCommands()) {
      Host host = HostRows.rows(h, List.of(id)).get(0);
      if (s.changesSsh()) {
        ssh(h, host, s);
      }
      if (s.changesCommands()) {
        commands(h, host, s);
      }
    }
  }

  /** A null part is kept, an empty user or port 0 goes back to the default. */
  private static void ssh(Handle h, Host host, HostSettings s) {
    String user = s.sshUser() == null ? host.sshUser() : emptyToNull(s.sshUser());
    Integer port = s.sshPort() == null ? host.sshPort() : s.sshPort() == 0 ? null : s.sshPort();
    h.createUpdate(
            "UPDATE hosts SET ssh_user = :user, ssh_port = :port, version = version + 1"
                + " WHERE id = :id")
        .bind("user", user)
        .bind("port", port)
        .bind("id", host.id())
        .execute();
  }

  /** A null command is kept, an empty one removed. */
  private static void commands(Handle h, Host host, HostSettings s) {
    HostCommands c = host.commands().with(s.powerOn(), s.powerOff(), s.powerReset(), s.console());
    h.createUpdate(
            """
            UPDATE hosts
               SET power_on_command = :on, power_off_command = :off,
                   power_reset_command = :reset, console_command = :console,
                   version = version + 1
             WHERE id = :id""")
        .bind("on", emptyToNull(c.powerOn()))
        .bind("off", emptyToNull(c.powerOff()))
        .bind("reset", emptyToNull(c.powerReset()))
        .bind("console", emptyToNull(c.console()))
        .bind("id", host.id())
        .execute();
  }

  private static String emptyToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
