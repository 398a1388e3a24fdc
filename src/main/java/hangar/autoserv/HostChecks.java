package hangar.autoserv;

/**
 * What verify, cleanup and repair sessions check and use on a host; the scheduler decides it and
 * sends it with the session, so every drone checks the same limits.
 *
 * @param minFreeDiskBytes the least free space the results folder and the temp dir must have
 * @param powerResetCommand the host's power-reset command line, or empty when none is configured
 */
public record HostChecks(long minFreeDiskBytes, String powerResetCommand) {
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
  }
}
