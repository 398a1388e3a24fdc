package hangar.lab;

import java.util.Objects;

/**
 * A host's own commands, run on the drone (the host may be down when they are needed), like LAVA's
 * {@code power_on_command} and {@code connection_command}. An empty command means none.
 *
 * @param powerOn switches the host on
 * @param powerOff switches it off
 * @param powerReset power-cycles it; a repair runs it first
 * @param console prints the host's console (serial line, IPMI SOL, {@code telnet pdu 6000}); its
 *     output is kept as {@code console.log} while a session runs on the host
 */
public record HostCommands(String powerOn, String powerOff, String powerReset, String console) {
  /** No commands at all. */
  public static final HostCommands NONE = new HostCommands("", "", "", "");

  /** The longest command the database keeps. */
  public static final int MAX_LENGTH = 1000;

  public HostCommands {
    powerOn = check("power_on", powerOn);
    powerOff = check("power_off", powerOff);
    powerReset = check("power_reset", powerReset);
    console = check("console", console);
  }

  private static String check(String name, String command) {
    String value = Objects.requireNonNullElse(command, "").strip();
    if (value.length() > MAX_LENGTH || value.contains("\n") || value.contains("\r")) {
      throw new IllegalArgumentException(
          name + " command must be one line of at most " + MAX_LENGTH + " characters");
    }
    return value;
  }

  /** These commands with the given ones changed: null keeps a command, empty text removes it. */
  public HostCommands with(String on, String off, String reset, String consoleCommand) {
    return new HostCommands(
        on == null ? powerOn : on,
        off == null ? powerOff : off,
        reset == null ? powerReset : reset,
        consoleCommand == null ? console : consoleCommand);
  }
}
