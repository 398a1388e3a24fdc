package hangar.store;

import hangar.lab.Names;
import org.jdbi.v3.core.Handle;

/** Label statements shared by the stores. */
final class Labels {
  private Labels() {}

  static long idOf(Handle h, String label) {
    if (!Names.isValid(Names.Kind.LABEL, label)) {
      throw notFound(label); // no label has a name the rule refuses; the database is not asked
    }
    return h.createQuery("SELECT id FROM labels WHERE name = :name AND invalid = FALSE")
        .bind("name", label)
        .mapTo(Long.class)
        .findOne()
        .orElseThrow(() -> notFound(label));
  }

  static NotFoundException notFound(String label) {
    return new NotFoundException(
        "label "
            + Names.quote(label)
            + " not found; "
            + (Names.isValid(Names.Kind.LABEL, label)
                ? "create it with 'hangar label create " + label + "' or "
                : "")
            + "list labels with 'hangar label list'");
  }

  /** Puts a label on a host; already having it is fine. */
  static void attach(Handle h, String label, long hostId) {
    long labelId = idOf(h, label);
    boolean has =
        h.createQuery("SELECT COUNT(*) FROM host_labels WHERE host_id = :h AND label_id = :l")
                .bind("h", hostId)
                .bind("l", labelId)
                .mapTo(Integer.class)
                .one()
            > 0;
    if (!has) {
      h.createUpdate("INSERT INTO host_labels (host_id, label_id) VALUES (:h, :l)")
          .bind("h", hostId)
          .bind("l", labelId)
          .execute();
    }
  }
}
