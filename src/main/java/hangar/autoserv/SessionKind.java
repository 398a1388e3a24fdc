package hangar.autoserv;

/**
 * What an autoserv session does: run a job's control file, or one of the special tasks the
 * scheduler runs on a host between jobs (Autotest's {@code autoserv --verify}, {@code --cleanup},
 * {@code --repair}).
 */
public enum SessionKind {
  /** Runs the control file against the host. */
  JOB,
  /** Checks the host can run a job: a command runs, enough free disk, a writable temp dir. */
  VERIFY,
  /** Brings the host back to a clean state after (or before) a job. */
  CLEANUP,
  /** Power-resets the host if it has a power command, then verifies it again. */
  REPAIR;

  /** True for verify, cleanup and repair. */
  public boolean isSpecialTask() {
    return this != JOB;
  }

  /** The lower-case name used in folders and status lines ({@code verify}). */
  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
