package hangar.autoserv;

import java.time.Duration;

/**
 * What verify, cleanup and repair sessions check and use on a host; the scheduler decides it and
 * sends it with the session, so every drone checks the same limits.
 *
 * @param minFreeDiskBytes the least free space the results folder and the temp dir must have
 * @param powerResetCommand the host's power-reset command line, run on the drone, or empty when
 *     none is configured
 * @param bootWait how long a repair waits for a host to let us in again after its power reset, and
 *     a cleanup for it to come back from its reboot
 * @param rebootCommand what a cleanup runs on a host over SSH to reboot it; {@code reboot} when
 *     absent
 */
public record HostChecks(
    long minFreeDiskBytes, String powerResetCommand, Duration bootWait, String rebootCommand) {
  /** Ten minutes: a machine that reboots through its firmware is back well within it. */
  public static final Duration DEFAULT_BOOT_WAIT = Duration.ofMinutes(10);

  /** Checks with the default boot wait. */
  public HostChecks(long minFreeDiskBytes, String powerResetCommand) {
    this(minFreeDiskBytes, powerResetCommand, DEFAULT_BOOT_WAIT);
  }

  /** Checks that reboot with {@code reboot}. */
  public HostChecks(long minFreeDiskBytes, String powerResetCommand, Duration bootWait) {
    this(minFreeDiskBytes, powerResetCommand, bootWait, null);
  }

  /** 100 MB: enough for a job's logs; a config key may set it later. */
  public static final long DEFAULT_MIN_FREE_DISK_BYTES = 100L * 1024 * 1024;

  /** The checks with every default and no power command. */
  public static final HostChecks DEFAULT = new HostChecks(DEFAULT_MIN_FREE_DISK_BYTES, "");

  public HostChecks {
    if (minFreeDiskBytes < 0) {
      throw new IllegalArgumentException(
          "minimum free disk must not be negative, was " + minFreeDiskBytes);
    }
    powerResetCommand = powerResetCommand == null ? "" : powerResetCommand;
    bootWait = bootWait == null ? DEFAULT_BOOT_WAIT : bootWait;
    rebootCommand = rebootCommand == null || rebootCommand.isBlank() ? "reboot" : rebootCommand;
  }
}
