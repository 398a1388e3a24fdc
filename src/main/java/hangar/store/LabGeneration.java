package hangar.store;

import org.jdbi.v3.core.Handle;

/**
 * A counter that moves with every change to what hosts carry besides their status: labels, host
 * labels, ACL groups of hosts. A reader that kept those between two reads of the pool reads them
 * again only when the counter moved.
 */
final class LabGeneration {
  private LabGeneration() {}

  /** Moves the counter, in the caller's transaction, so it commits with the change. */
  static void bump(Handle h) {
    h.createUpdate("UPDATE lab_generation SET generation = generation + 1 WHERE id = 1").execute();
  }

  /** The counter now. */
  static long read(Handle h) {
    return h.createQuery("SELECT generation FROM lab_generation WHERE id = 1")
        .mapTo(Long.class)
        .one();
  }
}
