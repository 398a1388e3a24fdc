package hangar.store;

import hangar.lab.AtomicGroup;
import hangar.lab.Names;
import hangar.lab.Texts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Atomic groups and the labels that belong to them; a label belongs to at most one group. Deleted
 * groups are marked invalid, as labels are, so finished jobs keep naming them.
 */
public final class AtomicGroupStore {
  private static final String USED_BY = "atomic_group_id = :id";

  private final Jdbi jdbi;
  private final Clock clock;

  public AtomicGroupStore(Database database, Clock clock) {
    this.jdbi = database.jdbi();
    this.clock = clock;
  }

  /**
   * Creates an atomic group with no labels yet.
   *
   * @param maxNumberOfMachines the most hosts one of its jobs runs on; at least 1
   * @throws IllegalArgumentException if the name is not valid or the maximum below 1
   * @throws ConflictException if a group of that name exists
   */
  public AtomicGroup create(String name, String description, int maxNumberOfMachines) {
    Names.atomicGroup(name);
    if (maxNumberOfMachines < 1) {
      throw new IllegalArgumentException(
          "max number of machines must be at least 1, was " + maxNumberOfMachines);
    }
    String text = description == null ? "" : Texts.line("description", description, 1000);
    return jdbi.inTransaction(
        h -> {
          if (find(h, name) != null) {
            throw new ConflictException("atomic group '" + name + "' already exists");
          }
          int revived =
              h.createUpdate(
                      """
                      UPDATE atomic_groups
                         SET invalid = FALSE, description = :description, max_number_of_machines = :max
                       WHERE name = :name AND invalid = TRUE""")
                  .bind("name", name)
                  .bind("description", text)
                  .bind("max", maxNumberOfMachines)
                  .execute();
          if (revived == 0) {
            h.createUpdate(
                    """
                    INSERT INTO atomic_groups (name, description, max_number_of_machines)
                    VALUES (:name, :description, :max)""")
                .bind("name", name)
                .bind("description", text)
                .bind("max", maxNumberOfMachines)
                .execute();
          }
          return find(h, name);
        });
  }

  /** Every atomic group with its labels, sorted by name. */
  public List<AtomicGroup> list() {
    return jdbi.withHandle(h -> load(h, "", Map.of(), 0));
  }

  /**
   * One page of the atomic groups with their labels, sorted by name.
   *
   * @param page how many, after which name
   */
  public Slice<AtomicGroup> list(Page page) {
    String where = page.after() == null ? "" : " AND g.name > :after";
    Map<String, Object> binds = page.after() == null ? Map.of() : Map.of("after", page.after());
    return Slice.of(
        jdbi.withHandle(h -> load(h, where, binds, page.limit() + 1)),
        page.limit(),
        AtomicGroup::name);
  }

  /**
   * The atomic group of that name.
   *
   * @throws NotFoundException saying how to create it
   */
  public AtomicGroup get(String name) {
    AtomicGroup group = jdbi.withHandle(h -> find(h, name));
    if (group == null) {
      throw notFound(name);
    }
    return group;
  }

  /**
   * Deletes an atomic group: its labels leave it and it leaves every list. A group that unfinished
   * jobs run on is refused unless {@code force}: then their queued entries fail ("atomic group NAME
   * deleted") and their other unfinished ones are marked aborted, which the scheduler carries out.
   *
   * @throws ConflictException naming the unfinished jobs, when not forced
   * @throws NotFoundException if it does not exist
   */
  public void delete(String name, boolean force) {
    jdbi.useTransaction(
        h -> {
          long id = idOf(h, name);
          List<Long> jobs = Entries.unfinishedJobs(h, USED_BY, id);
          if (!jobs.isEmpty() && !force) {
            throw new ConflictException(
                "atomic group '"
                    + name
                    + "' is used by unfinished jobs "
                    + jobs
                    + "; abort them first, or delete it anyway with 'hangar atomicgroup delete"
                    + " --force "
                    + name
                    + "', which fails their queued entries and aborts the others");
          }
          LabGeneration.bump(h);
          Entries.withdraw(h, USED_BY, id, "atomic group " + name + " deleted", clock.instant());
          h.createUpdate("UPDATE labels SET atomic_group_id = NULL WHERE atomic_group_id = :id")
              .bind("id", id)
              .execute();
          h.createUpdate("UPDATE atomic_groups SET invalid = TRUE WHERE id = :id")
              .bind("id", id)
              .execute();
        });
  }

  /**
   * Puts a label in the group; having it already is fine.
   *
   * @throws ConflictException if the label belongs to another group
   * @throws NotFoundException if the group or the label does not exist
   */
  public AtomicGroup addLabel(String name, String label) {
    return jdbi.inTransaction(
        h -> {
          long id = idOf(h, name);
          long labelId = Labels.idOf(h, label);
          String other =
              h.createQuery(
                      """
                      SELECT g.name FROM labels l JOIN atomic_groups g ON g.id = l.atomic_group_id
                       WHERE l.id = :label AND g.id <> :id""")
                  .bind("label", labelId)
                  .bind("id", id)
                  .mapTo(String.class)
                  .findOne()
                  .orElse(null);
          if (other != null) {
            throw new ConflictException(
                "label '"
                    + label
                    + "' already belongs to atomic group '"
                    + other
                    + "'; a label belongs to one group at most: take it out with 'hangar"
                    + " atomicgroup remove "
                    + other
                    + " --label "
                    + label
                    + "' first");
          }
          LabGeneration.bump(h);
          h.createUpdate("UPDATE labels SET atomic_group_id = :id WHERE id = :label")
              .bind("id", id)
              .bind("label", labelId)
              .execute();
          return find(h, name);
        });
  }

  /**
   * Takes a label out of the group; a label not in it is fine.
   *
   * @throws NotFoundException if the group or the label does not exist
   */
  public AtomicGroup removeLabel(String name, String label) {
    return jdbi.inTransaction(
        h -> {
          long id = idOf(h, name);
          long labelId = Labels.idOf(h, label);
          LabGeneration.bump(h);
          h.createUpdate(
                  "UPDATE labels SET atomic_group_id = NULL WHERE id = :label AND atomic_group_id = :id")
              .bind("id", id)
              .bind("label", labelId)
              .execute();
          return find(h, name);
        });
  }

  /** The id of the valid group of that name. */
  static long idOf(Handle h, String name) {
    return h.createQuery("SELECT id FROM atomic_groups WHERE name = :name AND invalid = FALSE")
        .bind("name", name)
        .mapTo(Long.class)
        .findOne()
        .orElseThrow(() -> notFound(name));
  }

  /** The valid group of that name with its valid labels, or null. */
  static AtomicGroup find(Handle h, String name) {
    if (!Names.isValid(Names.Kind.ATOMIC_GROUP, name)) {
      return null; // no group has a name the rule refuses; the database is not asked
    }
    return load(h, " AND g.name = :name", Map.of("name", name), 0).stream()
        .findFirst()
        .orElse(null);
  }

  /** The groups of these jobs, by job id; jobs without one are left out. */
  static Map<Long, AtomicGroup> ofJobs(Handle h, List<Long> jobIds) {
    Map<Long, String> names = new HashMap<>();
    h.createQuery(
            """
            SELECT j.id, g.name FROM jobs j JOIN atomic_groups g ON g.id = j.atomic_group_id
             WHERE j.id IN (<ids>)""")
        .bindList("ids", jobIds)
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
        .forEach(e -> names.put(e.getKey(), e.getValue()));
    Map<String, AtomicGroup> groups = new HashMap<>();
    Map<Long, AtomicGroup> byJob = new HashMap<>();
    names.forEach(
        (job, name) -> {
          AtomicGroup group = groups.computeIfAbsent(name, n -> find(h, n));
          if (group != null) {
            byJob.put(job, group);
          }
        });
    return byJob;
  }

  static NotFoundException notFound(String name) {
    return new NotFoundException(
        "atomic group "
            + Names.quote(name)
            + " not found; "
            + (Names.isValid(Names.Kind.ATOMIC_GROUP, name)
                ? "create it with 'hangar atomicgroup create " + name + " -n MAX_MACHINES' or "
                : "")
            + "list them with 'hangar atomicgroup list'");
  }

  /** The valid groups matching {@code where}, sorted by name; at most {@code limit} unless 0. */
  private static List<AtomicGroup> load(
      Handle h, String where, Map<String, Object> binds, int limit) {
    Map<Long, List<String>> labels = new HashMap<>();
    h.createQuery(
            """
            SELECT l.atomic_group_id, l.name FROM labels l
             WHERE l.atomic_group_id IS NOT NULL AND l.invalid = FALSE ORDER BY l.name""")
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
        .forEach(e -> labels.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    return h.createQuery(
            """
            SELECT g.id, g.name, g.description, g.max_number_of_machines FROM atomic_groups g
             WHERE g.invalid = FALSE"""
                + where
                + " ORDER BY g.name"
                + (limit > 0 ? " LIMIT " + limit : ""))
        .bindMap(binds)
        .map(
            (rs, ctx) ->
                new AtomicGroup(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getInt(4),
                    labels.getOrDefault(rs.getLong(1), List.of())))
        .list();
  }
}
