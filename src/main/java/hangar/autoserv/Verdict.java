package hangar.autoserv;

/** How a session ended, in status-log words. */
public enum Verdict {
  GOOD,
  WARN,
  FAIL,
  ERROR,
  ABORT;

  /** True when the entry that ran the session counts as passed. */
  public boolean isPassed() {
    return this == GOOD || this == WARN;
  }
}
