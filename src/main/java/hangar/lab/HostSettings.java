package hangar.lab;

import java.util.regex.Pattern;

/**
 * What a user sets on a host when registering or changing it; every field may be null, meaning
 * "leave as it is" (or the default, for a new host). Checked as a whole before anything is written,
 * so that one bad field changes nothing.
 *
 * @param locked true locks, false unlocks
 * @param lockReason why it is locked; one line
 * @param protection how much a repair may do
 * @param sshUser the SSH login; empty goes back to the drone's own user
 * @param sshPort the SSH port, 1 to 65535; 0 goes back to 22
 * @param powerOn the power-on command; empty removes it
 * @param powerOff the power-off command; empty removes it
 * @param powerReset the power-cycle command; empty removes it
 * @param console the console command; empty removes it
 */
public record HostSettings(
    Boolean locked,
    String lockReason,
    Protection protection,
    String sshUser,
    Integer sshPort,
    String powerOn,
    String powerOff,
    String powerReset,
    String console) {
  /** The longest lock reason: the column's {@code VARCHAR(1000)}. */
  public static final int MAX_LOCK_REASON_LENGTH = 1000;

  /** Changes nothing. */
  public static final HostSettings NONE =
      new HostSettings(null, null, null, null, null, null, null, null, null);

  private static final Pattern SSH_USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public HostSettings {
    Texts.line("lock_reason", lockReason, MAX_LOCK_REASON_LENGTH);
    if (sshPort != null && (sshPort < 0 || sshPort > 65535)) {
      throw new IllegalArgumentException("SSH port must be 1 to 65535 (0 for 22), was " + sshPort);
    }
    if (sshUser != null && !sshUser.isEmpty() && !SSH_USER.matcher(sshUser).matches()) {
      throw new IllegalArgumentException(
          "SSH user "
              + Names.quote(sshUser)
              + " is not valid: use letters, digits, '.', '_' and '-', at most 64");
    }
    Texts.line("power_on command", powerOn, HostCommands.MAX_LENGTH);
    Texts.line("power_off command", powerOff, HostCommands.MAX_LENGTH);
    Texts.line("power_reset command", powerReset, HostCommands.MAX_LENGTH);
    Texts.line("console command", console, HostCommands.MAX_LENGTH);
  }

  /** Locks the host for this reason. */
  public static HostSettings lock(String reason) {
    return new HostSettings(true, reason, null, null, null, null, null, null, null);
  }

  /** Unlocks the host. */
  public static HostSettings unlock() {
    return new HostSettings(false, null, null, null, null, null, null, null, null);
  }

  /** Sets the protection only. */
  public static HostSettings protect(Protection protection) {
    return new HostSettings(null, null, protection, null, null, null, null, null, null);
  }

  /** Sets how the host is reached over SSH only. */
  public static HostSettings ssh(String user, Integer port) {
    return new HostSettings(null, null, null, user, port, null, null, null, null);
  }

  /** Sets the power and console commands only. */
  public static HostSettings commands(String on, String off, String reset, String console) {
    return new HostSettings(null, null, null, null, null, on, off, reset, console);
  }

  /** True when it changes the SSH user or port. */
  public boolean changesSsh() {
    return sshUser != null || sshPort != null;
  }

  /** True when it changes a power or console command. */
  public boolean changesCommands() {
    return powerOn != null || powerOff != null || powerReset != null || console != null;
  }
}
