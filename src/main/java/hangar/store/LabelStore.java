package hangar.store;

import hangar.lab.Label;
import hangar.lab.Names;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Labels and which hosts carry them. */
public final class LabelStore {
  private static final String SELECT_LABELS =
      """
      SELECT l.id, l.name, l.platform, l.only_if_needed,
             (SELECT COUNT(*) FROM host_labels hl WHERE hl.label_id = l.id) AS host_count
        FROM labels l
       WHERE l.invalid = FALSE
      """;
  private static final String NEEDED_BY =
      """
      meta_host = :id OR job_id IN
        (SELECT d.job_id FROM job_dependency_labels d WHERE d.label_id = :id)""";

  private final Clock clock;

  private final Jdbi jdbi;

  /** A label store whose deletion times come from the system clock. */
  public LabelStore(Database database) {
    this(database, Clock.systemUTC());
  }

  public LabelStore(Database database, Clock clock) {
    this.jdbi = database.jdbi();
    this.clock = clock;
  }

  /**
   * Creates a label.
   *
   * @throws IllegalArgumentException if the name is not valid
   * @throws ConflictException if it exists
   */
  public Label create(String name, boolean platform, boolean onlyIfNeeded) {
    Names.label(name);
    return jdbi.inTransaction(
        h -> {
          LabGeneration.bump(h);
          if (find(h, name) != null) {
            throw new ConflictException("label '" + name + "' already exists");
          }
          // A deleted label created again gets its row back, as Autotest's resurrected objects do.
          int revived =
              h.createUpdate(
                      """
                      UPDATE labels SET invalid = FALSE, platform = :platform, only_if_needed = :oin
                       WHERE name = :name AND invalid = TRUE""")
                  .bind("name", name)
                  .bind("platform", platform)
                  .bind("oin", onlyIfNeeded)
                  .execute();
          if (revived == 1) {
            return find(h, name);
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
   * One page of the labels, sorted by name.
   *
   * @param page how many, after which name
   */
  public Slice<Label> list(Page page) {
    return jdbi.withHandle(
        h -> {
          var query =
              h.createQuery(
                  SELECT_LABELS
                      + (page.after() == null ? "" : " AND l.name > :after")
                      + " ORDER BY l.name LIMIT "
                      + (page.limit() + 1));
          if (page.after() != null) {
            query.bind("after", page.after());
          }
          return Slice.of(query.map(LabelStore::map).list(), page.limit(), Label::name);
        });
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
   * Deletes a label: it is marked invalid, comes off every host, and leaves every list and lookup,
   * while finished jobs keep naming it. A label that unfinished jobs ask hosts from or depend on is
   * refused unless {@code force}: then the entries that need it fail ("label NAME deleted") if
   * queued, and are marked aborted if active, which the scheduler carries out.
   *
   * @throws ConflictException naming the unfinished jobs, when not forced
   * @throws NotFoundException if it does not exist
   */
  public void delete(String name, boolean force) {
    jdbi.useTransaction(
        h -> {
          LabGeneration.bump(h);
          long id = Labels.idOf(h, name);
          List<Long> jobs = Entries.unfinishedJobs(h, NEEDED_BY, id);
          if (!jobs.isEmpty() && !force) {
            throw new ConflictException(
                "label '"
                    + name
                    + "' is used by unfinished jobs "
                    + jobs
                    + "; abort them first, or delete it anyway with 'hangar label delete --force "
                    + name
                    + "', which fails their queued entries and aborts the running ones");
          }
          Entries.withdraw(h, NEEDED_BY, id, "label " + name + " deleted", clock.instant());
          h.createUpdate("DELETE FROM host_labels WHERE label_id = :id").bind("id", id).execute();
          h.createUpdate("UPDATE labels SET invalid = TRUE, atomic_group_id = NULL WHERE id = :id")
              .bind("id", id)
              .execute();
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
          LabGeneration.bump(h);
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
          LabGeneration.bump(h);
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
    if (!Names.isValid(Names.Kind.LABEL, name)) {
      return null; // no label has a name the rule refuses; the database is not asked
    }
    return h.createQuery(SELECT_LABELS + " AND l.name = :name")
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
