package hangar.lab;

import java.util.Locale;

/** The housekeeping a scheduler runs on a host between jobs. */
public enum SpecialTaskType {
  VERIFY("Verify", HostStatus.VERIFYING),
  CLEANUP("Cleanup", HostStatus.CLEANING),
  REPAIR("Repair", HostStatus.REPAIRING);

  private final String displayName;
  private final HostStatus hostStatus;

  SpecialTaskType(String displayName, HostStatus hostStatus) {
    this.displayName = displayName;
    this.hostStatus = hostStatus;
  }

  /** The name users see ("Verify"). */
  public String displayName() {
    return displayName;
  }

  /** The status its host has while it runs (Verifying, Cleaning, Repairing). */
  public HostStatus hostStatus() {
    return hostStatus;
  }

  /** The lower-case name of folders and status lines ({@code verify}). */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
