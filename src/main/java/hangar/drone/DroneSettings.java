package hangar.drone;

import hangar.config.GlobalConfig;
import hangar.testlib.TestLibrary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A digest of what a drone daemon reads once, when it starts: the Hangar version, {@code
 * [AUTOSERV]} (tests path, interpreter), {@code [SSH]} and the tests found on the tests path. A
 * daemon reports it on {@code ping}; the server compares it with its own and restarts an idle
 * daemon whose digest differs, so a test folder or a setting added later is not missed.
 */
public final class DroneSettings {
  private DroneSettings() {}

  /**
   * The digest of the settings a daemon started with {@code config} runs with.
   *
   * @param config the configuration the daemon reads
   * @return 16 hex digits
   */
  public static String digest(GlobalConfig config) {
    String text =
        String.join(
            "\n",
            DroneDaemon.version(),
            config.autoserv().toString(),
            config.ssh().toString(),
            TestLibrary.load(config.autoserv().testsPath()).names());
    try {
      byte[] sum =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sum, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256; it is broken", e);
    }
  }

  /**
   * What differs, in words, for the log line of a restart.
   *
   * @param running the daemon's digest, or null when it does not report one
   */
  static String describe(String running, String wanted) {
    return running == null
        ? "it does not report its settings (an older build); this build's are " + wanted
        : "its settings digest is "
            + running
            + ", the configuration's now "
            + wanted
            + " (version, [AUTOSERV], [SSH] or the tests on tests_path changed)";
  }
}
