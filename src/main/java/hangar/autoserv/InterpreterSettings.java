package hangar.autoserv;

import hangar.config.ConfigException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a drone runs its control-file interpreter ({@code [AUTOSERV]} of the configuration).
 *
 * @param runAs the user it runs as when the drone runs as root ({@code run_as}; default {@code
 *     nobody}); ignored, with a warning, when the drone is not root
 * @param heapMb its largest heap, in MB ({@code interpreter_heap_mb}; default 256)
 * @param cpuSeconds the CPU time one session's control file may take before it is stopped with an
 *     error ({@code interpreter_cpu_seconds}; default 60)
 */
public record InterpreterSettings(Optional<String> runAs, int heapMb, int cpuSeconds) {
  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

  /** Checks the values. */
  public InterpreterSettings {
    if (runAs.isPresent() && !USER.matcher(runAs.get()).matches()) {
      throw new ConfigException(
          "[AUTOSERV] run_as must be a user name (lower-case letters, digits, '_', '-'), was '"
              + runAs.get()
              + "'");
    }
    if (heapMb < 32) {
      throw new ConfigException(
          "[AUTOSERV] interpreter_heap_mb must be at least 32, was " + heapMb);
    }
    if (cpuSeconds < 1) {
      throw new ConfigException(
          "[AUTOSERV] interpreter_cpu_seconds must be at least 1, was " + cpuSeconds);
    }
  }

  /** {@code nobody} when root, 256 MB, 60 s. */
  public static InterpreterSettings defaults() {
    return new InterpreterSettings(Optional.empty(), 256, 60);
  }

  /** The user the interpreter runs as when the drone is root. */
  String userWhenRoot() {
    return runAs.orElse("nobody");
  }
}
