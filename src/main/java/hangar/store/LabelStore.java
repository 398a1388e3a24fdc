package hangar.store;

import hangar.lab.Label;
import java.util.List;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Labels and which hosts carry them. */
public final class LabelStore {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,254}");
  private static final String SELECT_LABELS =
      """
      SELECT l.id, l.name, l.platform, l.only_if_needed,
             (SELECT COUNT(*) FROM host_labels hl WHERE hl.label_id = l.id) AS host_count
        FROM labels l
      """;

  private final Jdbi jdbi;

  public LabelStore(Database database) {
    this.jdbi = database.jdbi();
  }

  /**
   * Creates a label.
   *
   * @throws IllegalArgumentException if the name is not valid
   * @throws ConflictException if it exists
   */
  public Label create(String name, boolean platform, boolean onlyIfNeeded) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "label name '"
              + name
              + "' is not valid: use letters, digits and . _ : + -, starting with a letter or"
              + " digit");
    }
    return jdbi.inTransaction(
        h -> {
          if (find(h, name) != null) {
            throw new ConflictException("label '" + name + "' already exists");
          }
          h.createUpdate(
                  """
                  INSERT INTO labels (name, platform, only_if_needed)
                  VALUES (:name, :platform, :oin)""")
              .bind("name", name)
              .bind("platform", platform)
              .bind("oin", onlyIfNeeded)
              .execute();
          return find(h, name);
        });
  }

  /** Every label, sorted by name. */
  public List<Label> list() {
    return jdbi.withHandle(
        h -> h.createQuery(SELECT_LABELS + " ORDER BY l.name").map(LabelStore::map).list());
  }

  /**
   * The label of that name.
   *
   * @throws NotFoundException saying how to create it
   */
  public Label get(String name) {
    Label label = jdbi.withHandle(h -> find(h, name));
    if (label == null) {
      throw Labels.notFound(name);
    }
    return label;
  }

  /**
   * Deletes a label no unfinished job depends on or asks hosts from.
   *
   * @throws ConflictException naming the jobs
   * @throws NotFoundException if it does not exist
   */
  public void delete(String name) {
    jdbi.useTransaction(
        h -> {
          long id = Labels.idOf(h, name);
          List<Long> jobs =
              h.createQuery(
                      """
                      SELECT DISTINCT e.job_id FROM host_queue_entries e
                       WHERE e.complete = FALSE AND (e.meta_host = :id OR e.job_id IN
                             (SELECT d.job_id FROM job_dependency_labels d WHERE d.label_id = :id))
                       ORDER BY e.job_id""")
                  .bind("id", id)
                  .mapTo(Long.class)
                  .list();
          if (!jobs.isEmpty()) {
            throw new ConflictException(
                "label '" + name + "' is used by unfinished jobs " + jobs + "; abort them first");
          }
          h.createUpdate("DELETE FROM host_labels WHERE label_id = :id").bind("id", id).execute();
          h.createUpdate("DELETE FROM labels WHERE id = :id").bind("id", id).execute();
        });
  }

  /**
   * Puts the label on the host; a platform label replaces the host's other platform label.
   *
   * @throws NotFoundException if the label or host does not exist
   */
  public Label addHost(String name, String hostname) {
    return jdbi.inTransaction(
        h -> {
          long hostId = HostStore.findId(h, hostname).orElseThrow(() -> Hosts.notFound(hostname));
          Label label = find(h, name);
          if (label == null) {
            throw Labels.notFound(name);
          }
          if (label.platform()) {
            h.createUpdate(
                    """
                    DELETE FROM host_labels WHERE host_id = :host AND label_id IN
                           (SELECT id FROM labels WHERE platform = TRUE AND id <> :label)""")
                .bind("host", hostId)
                .bind("label", label.id())
                .execute();
          }
          Labels.attach(h, name, hostId);
          return find(h, name);
        });
  }

  /**
   * Takes the label off the host; not having it is fine.
   *
   * @throws NotFoundException if the label or host does not exist
   */
  public Label removeHost(String name, String hostname) {
    return jdbi.inTransaction(
        h -> {
          long hostId = HostStore.findId(h, hostname).orElseThrow(() -> Hosts.notFound(hostname));
          long labelId = Labels.idOf(h, name);
          h.createUpdate("DELETE FROM host_labels WHERE host_id = :h AND label_id = :l")
              .bind("h", hostId)
              .bind("l", labelId)
              .execute();
          return find(h, name);
        });
  }

  private static Label find(Handle h, String name) {
    return h.createQuery(SELECT_LABELS + " WHERE l.name = :name")
        .bind("name", name)
        .map(LabelStore::map)
        .findOne()
        .orElse(null);
  }

  private static Label map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    return new Label(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getBoolean("platform"),
        rs.getBoolean("only_if_needed"),
        rs.getInt("host_count"));
  }
}
