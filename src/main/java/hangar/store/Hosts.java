package hangar.store;

import hangar.lab.HostStatus;
import hangar.lab.Names;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Host statements and checks shared by the stores. */
final class Hosts {
  private Hosts() {}

  static NotFoundException notFound(String hostname) {
    return new NotFoundException(
        "host " + Names.quote(hostname) + " not found; list hosts with 'hangar host list'");
  }

  /**
   * Guarded status changes of many hosts in one batch, each as {@link #transition} does one.
   *
   * @return the ids of the hosts that were in {@code from} and changed
   */
  static Set<Long> transitionAll(
      Handle h, List<Long> hostIds, HostStatus from, HostStatus to, Boolean dirty) {
    if (hostIds.isEmpty()) {
      return Set.of();
    }
    if (!from.canMoveTo(to)) {
      Transitions.refuse(hostIds.size() + " hosts", from.displayName(), to.displayName());
      return Set.of();
    }
    List<Long> sorted = hostIds.stream().sorted().toList();
    String setDirty = dirty == null ? "" : ", dirty = " + (dirty ? "TRUE" : "FALSE");
    PreparedBatch batch =
        h.prepareBatch(
            "UPDATE hosts SET status = :to, version = version + 1"
                + setDirty
                + " WHERE id = :id AND status = :from");
    for (long id : sorted) {
      batch.bind("to", to.name()).bind("from", from.name()).bind("id", id).add();
    }
    return Batches.changed(sorted, batch.execute(), id -> id);
  }

  /**
   * Guarded status change; {@code dirty} is left alone when null. A change the status machine does
   * not allow is a bug in the caller: it is logged and refused.
   */
  static boolean transition(Handle h, long hostId, HostStatus from, HostStatus to, Boolean dirty) {
    if (!from.canMoveTo(to)) {
      Transitions.refuse("host " + hostId, from.displayName(), to.displayName());
      return false;
    }
    String setDirty = dirty == null ? "" : ", dirty = " + (dirty ? "TRUE" : "FALSE");
    int updated =
        h.createUpdate(
                "UPDATE hosts SET status = :to, version = version + 1"
                    + setDirty
                    + " WHERE id = :id AND status = :from")
            .bind("to", to.name())
            .bind("from", from.name())
            .bind("id", hostId)
            .execute();
    return switch (updated) {
      case 0 -> false;
      case 1 -> true;
      default ->
          throw new IllegalStateException(
              "status change of host " + hostId + " hit " + updated + " rows; the key is broken");
    };
  }
}
