package hangar.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Refusing status changes the status machines do not allow. */
final class Transitions {
  private static final Logger LOG = LoggerFactory.getLogger(Transitions.class);

  private Transitions() {}

  /** Logs a refused change with the stack that asked for it: it is a bug in the caller. */
  static void refuse(String what, String from, String to) {
    LOG.error(
        "refused illegal status change of {} from {} to {}; this is a bug in the caller",
        what,
        from,
        to,
        new IllegalStateException("illegal status change " + from + " -> " + to));
  }
}
