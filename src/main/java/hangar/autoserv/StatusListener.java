package hangar.autoserv;

/**
 * Hears every status line as it is written, for example to print progress or stream lines to the
 * scheduler. Called on the session's thread after the line is flushed to disk; keep it quick and do
 * not throw.
 */
@FunctionalInterface
public interface StatusListener {
  /** A listener that ignores everything. */
  StatusListener NONE = entry -> {};

  /** Called once per written line. */
  void written(StatusEntry entry);
}
