package hangar.cli.host;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

/**
 * A host's own commands, run on the drone: power on, off, reset, and its console. A picocli mixin
 * of {@code create} and {@code mod}.
 */
final class CommandOptions {
  @Option(
      names = "--power-on",
      paramLabel = "COMMAND",
      description = "Switches the host on, run on the drone; an empty value removes it.")
  String powerOn;

  @Option(
      names = "--power-off",
      paramLabel = "COMMAND",
      description = "Switches the host off, run on the drone; an empty value removes it.")
  String powerOff;

  @Option(
      names = "--power-reset",
      paramLabel = "COMMAND",
      description =
          "Power-cycles the host, run on the drone; a repair runs it first. An empty value"
              + " removes it.")
  String powerReset;

  @Option(
      names = "--console",
      paramLabel = "COMMAND",
      description =
          "Prints the host's console, run on the drone while a session runs on the host (for"
              + " example 'telnet pdu1 6000' or 'ipmitool -I lanplus -H bmc sol activate');"
              + " its output is kept as console.log. An empty value removes it.")
  String console;

  /** True when none of the commands was given. */
  boolean isEmpty() {
    return powerOn == null && powerOff == null && powerReset == null && console == null;
  }

  /** Puts the commands given into an API request body; an empty one asks to remove it. */
  void putInto(ObjectNode body) {
    if (powerOn != null) {
      body.put("power_on", powerOn);
    }
    if (powerOff != null) {
      body.put("power_off", powerOff);
    }
    if (powerReset != null) {
      body.put("power_reset", powerReset);
    }
    if (console != null) {
      body.put("console", console);
    }
  }

  /** The commands given, in words: {@code power on 'wake b7', console (none)}. */
  String describe() {
    StringBuilder text = new StringBuilder();
    append(text, "power on", powerOn);
    append(text, "power off", powerOff);
    append(text, "power reset", powerReset);
    append(text, "console", console);
    return text.toString();
  }

  private static void append(StringBuilder text, String name, String value) {
    if (value != null) {
      text.append(text.isEmpty() ? "" : ", ")
          .append(name)
          .append(' ')
          .append(value.isEmpty() ? "(none)" : "'" + value + "'");
    }
  }
}
