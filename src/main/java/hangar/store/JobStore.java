package hangar.store;

import hangar.lab.AtomicGroup;
import hangar.lab.ControlType;
import hangar.lab.EntryStatus;
import hangar.lab.Feasibility;
import hangar.lab.HostQueueEntry;
import hangar.lab.InfeasibleJobException;
import hangar.lab.Job;
import hangar.lab.JobNeeds;
import hangar.lab.JobRequest;
import hangar.lab.JobStatus;
import hangar.lab.JobView;
import hangar.lab.RebootAfter;
import hangar.lab.RebootBefore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Jobs: creation with their queue entries, reading them back with their status, aborts. */
public final class JobStore {
  private static final String SELECT_JOBS =
      """
      SELECT j.id, j.owner, j.name, j.priority, j.control_file, j.control_type, j.synch_count,
             j.timeout_minutes, j.max_runtime_minutes, j.run_verify, j.reboot_before,
             j.reboot_after, j.email_list, j.created_on, j.finished_on,
             ag.name AS atomic_group_name
        FROM jobs j
        LEFT JOIN atomic_groups ag ON ag.id = j.atomic_group_id
      """;

  private final Jdbi jdbi;
  private final Clock clock;

  public JobStore(Database database, Clock clock) {
    this.jdbi = database.jdbi();
    this.clock = clock;
  }

  /**
   * Creates a job and one queued entry per named host and per meta-host, all or nothing, after
   * checking that hosts of the lab could ever run it. The owner's user row (in the {@code Everyone}
   * ACL group) is created the first time an owner is seen.
   *
   * @throws NotFoundException naming an unknown host or label; nothing is created
   * @throws InfeasibleJobException when no host could ever run it as asked; nothing is created
   */
  public JobView create(JobRequest request) {
    Users.ensure(jdbi, request.owner(), clock.instant());
    long id =
        jdbi.inTransaction(
            h -> {
              List<Long> hostIds = new ArrayList<>();
              for (String hostname : request.hosts()) {
                hostIds.add(
                    HostStore.findId(h, hostname).orElseThrow(() -> Hosts.notFound(hostname)));
              }
              List<Long> metaHostIds = new ArrayList<>();
              for (String label : request.metaHosts()) {
                metaHostIds.add(Labels.idOf(h, label));
              }
              List<Long> dependencyIds = new ArrayList<>();
              for (String label : request.dependencies()) {
                dependencyIds.add(Labels.idOf(h, label));
              }
              JobNeeds needs = Users.needs(h, request.owner(), request.dependencies());
              if (request.controlType() == ControlType.SERVER && !needs.superuser()) {
                // A server-side control file runs unsandboxed on the drone, as Autotest's does.
                throw new ForbiddenException(
                    "only admins may submit server-side control files; "
                        + request.owner()
                        + " is not one. Submit it as a client-side job, or ask an admin");
              }
              AtomicGroup group = atomicGroupOf(h, request);
              if (group == null) {
                Feasibility.check(
                    request.name(), request.hosts(), request.metaHosts(), needs, HostPools.load(h));
              } else {
                Feasibility.checkAtomicGroup(
                    request.name(), request.synchCount(), group, needs, HostPools.load(h));
              }
              long jobId = insertJob(h, request, group);
              for (long labelId : dependencyIds) {
                h.createUpdate(
                        "INSERT INTO job_dependency_labels (job_id, label_id) VALUES (:j, :l)")
                    .bind("j", jobId)
                    .bind("l", labelId)
                    .execute();
              }
              for (long hostId : hostIds) {
                insertEntry(h, jobId, request.priority(), hostId, null);
              }
              for (long labelId : metaHostIds) {
                insertEntry(h, jobId, request.priority(), null, labelId);
              }
              if (group != null) {
                // Autotest's one atomic group entry: the scheduler gives it a whole group of hosts.
                h.createUpdate(
                        """
                        INSERT INTO host_queue_entries (job_id, priority, atomic_group_id, status)
                        VALUES (:job, :priority, :group, :status)""")
                    .bind("job", jobId)
                    .bind("priority", request.priority())
                    .bind("group", group.id())
                    .bind("status", EntryStatus.QUEUED.name())
                    .execute();
              }
              return jobId;
            });
    return get(id);
  }

  private static AtomicGroup atomicGroupOf(Handle h, JobRequest request) {
    if (request.atomicGroup() == null) {
      return null;
    }
    AtomicGroup group = AtomicGroupStore.find(h, request.atomicGroup());
    if (group == null) {
      throw AtomicGroupStore.notFound(request.atomicGroup());
    }
    return group;
  }

  /**
   * The job with its status and entries.
   *
   * @throws NotFoundException if there is no such job
   */
  public JobView get(long id) {
    return jdbi
        .withHandle(h -> load(h, SELECT_JOBS + " WHERE j.id = :id", Map.of("id", id)))
        .stream()
        .findFirst()
        .orElseThrow(
            () ->
                new NotFoundException(
                    "job " + id + " not found; list jobs with 'hangar job list'"));
  }

  /**
   * The jobs with these ids, with their dependencies but without their entries: what the scheduler
   * needs to start or finish their entries. Two statements whatever the number of ids; unknown ids
   * are left out.
   */
  public Map<Long, Job> jobs(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    List<Long> distinct = ids.stream().distinct().toList();
    return jdbi.withHandle(
        h -> {
          Map<Long, List<String>> dependencies = dependencies(h, distinct);
          Map<Long, Job> jobs = new HashMap<>();
          for (List<Long> chunk : Rows.chunks(distinct)) {
            h.createQuery(SELECT_JOBS + " WHERE j.id IN (<ids>)")
                .bindList("ids", chunk)
                .map(JobStore::mapJob)
                .forEach(
                    j ->
                        jobs.put(
                            j.id(),
                            withDependencies(j, dependencies.getOrDefault(j.id(), List.of()))));
          }
          return jobs;
        });
  }

  /**
   * Jobs newest first, optionally only one owner's or those in one status.
   *
   * @param owner only this owner's, or null for all
   * @param status only jobs in this status, or null for all
   * @param limit at most this many
   */
  public List<JobView> list(String owner, JobStatus status, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    }
    String where = owner == null ? "" : " WHERE j.owner = :owner";
    Map<String, Object> binds = owner == null ? Map.of() : Map.of("owner", owner);
    // Status is derived from entries, so filter after loading; scan a bounded window.
    int window = status == null ? limit : Math.max(limit * 10, 1000);
    List<JobView> jobs =
        jdbi.withHandle(
            h -> load(h, SELECT_JOBS + where + " ORDER BY j.id DESC LIMIT " + window, binds));
    return jobs.stream().filter(j -> status == null || j.status() == status).limit(limit).toList();
  }

  /**
   * Asks for every unfinished entry of the job to be aborted; the scheduler carries it out.
   *
   * @param reason what the entries' reason will say, e.g. "aborted by admin"
   * @return how many entries were marked
   * @throws NotFoundException if there is no such job
   */
  public int requestAbort(long jobId, String reason) {
    get(jobId);
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    """
                    UPDATE host_queue_entries
                       SET aborted = TRUE, abort_reason = :reason, version = version + 1
                     WHERE job_id = :job AND complete = FALSE AND aborted = FALSE""")
                .bind("job", jobId)
                .bind("reason", reason)
                .execute());
  }

  /**
   * Marks for abort every unfinished entry of the jobs whose timeout has passed.
   *
   * @return the ids of the jobs that timed out now
   */
  public List<Long> abortTimedOut() {
    return jdbi.inTransaction(
        h -> {
          List<Map.Entry<Long, Long>> late =
              h.createQuery(
                      """
                      SELECT j.id, j.timeout_minutes FROM jobs j
                       WHERE j.finished_on IS NULL AND j.timeout_at < :now AND EXISTS
                             (SELECT 1 FROM host_queue_entries e
                               WHERE e.job_id = j.id AND e.complete = FALSE AND e.aborted = FALSE)
                       ORDER BY j.id""")
                  .bind("now", clock.instant())
                  .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
                  .list();
          for (Map.Entry<Long, Long> job : late) {
            h.createUpdate(
                    """
                    UPDATE host_queue_entries
                       SET aborted = TRUE, abort_reason = :reason, version = version + 1
                     WHERE job_id = :job AND complete = FALSE AND aborted = FALSE""")
                .bind("job", job.getKey())
                .bind("reason", "job timed out after " + job.getValue() + " min")
                .execute();
          }
          return late.stream().map(Map.Entry::getKey).toList();
        });
  }

  /**
   * What the jobs of these entries ask of their hosts: owner, ACL groups, dependencies, and the
   * hosts they already hold or held. Five statements whatever the number of entries.
   *
   * @return by job id; empty for no entries
   */
  public Map<Long, JobNeeds> needs(Collection<HostQueueEntry> queued) {
    return needs(queued, Map.of());
  }

  /**
   * As {@link #needs(Collection)}, taking owner, ACL groups and dependencies from {@code known} for
   * the jobs it holds: a job's dependencies never change, and a caller drops {@code known} when the
   * lab generation (which moves with ACL groups) moved. The hosts the jobs used are read every
   * time, and only for jobs with a meta-host entry among {@code queued}: only those pick hosts that
   * way.
   *
   * @return by job id, for the jobs of {@code queued} only
   */
  public Map<Long, JobNeeds> needs(Collection<HostQueueEntry> queued, Map<Long, JobNeeds> known) {
    List<Long> ids = queued.stream().map(HostQueueEntry::jobId).distinct().toList();
    if (ids.isEmpty()) {
      return Map.of();
    }
    List<Long> unknown = ids.stream().filter(id -> !known.containsKey(id)).toList();
    List<Long> picking =
        queued.stream()
            .filter(e -> e.hostId() == null)
            .map(HostQueueEntry::jobId)
            .distinct()
            .toList();
    return jdbi.withHandle(
        h -> {
          Map<Long, JobNeeds> needs = new HashMap<>();
          for (long id : ids) {
            JobNeeds cached = known.get(id);
            if (cached != null) {
              needs.put(id, cached);
            }
          }
          for (List<Long> chunk : Rows.chunks(unknown)) {
            readStaticNeeds(h, chunk).forEach(needs::put);
          }
          Map<Long, Set<Long>> used = new HashMap<>();
          for (List<Long> chunk : Rows.chunks(picking)) {
            used.putAll(usedHosts(h, chunk));
          }
          needs.replaceAll((id, n) -> n.withUsedHosts(used.getOrDefault(id, Set.of())));
          return needs;
        });
  }

  private static Map<Long, Set<Long>> usedHosts(Handle h, List<Long> jobIds) {
    Map<Long, Set<Long>> used = new HashMap<>();
    if (jobIds.isEmpty()) {
      return used;
    }
    h.createQuery(
            """
            SELECT job_id, host_id FROM host_queue_entries
             WHERE job_id IN (<ids>) AND host_id IS NOT NULL""")
        .bindList("ids", jobIds)
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
        .forEach(e -> used.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
    return used;
  }

  /** Owner, superuser, dependencies and ACL groups of these jobs, with no used hosts. */
  private static Map<Long, JobNeeds> readStaticNeeds(Handle h, List<Long> ids) {
    Map<Long, List<String>> deps = dependencies(h, ids);
    Map<Long, Set<String>> groups = new HashMap<>();
    h.createQuery(
            """
            SELECT j.id, g.name FROM jobs j
              JOIN users u ON u.login = j.owner
              JOIN acl_group_users gu ON gu.user_id = u.id
              JOIN acl_groups g ON g.id = gu.acl_group_id
             WHERE j.id IN (<ids>)""")
        .bindList("ids", ids)
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
        .forEach(e -> groups.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(e.getValue()));
    Map<Long, JobNeeds> needs = new HashMap<>();
    Map<Long, AtomicGroup> atomic = AtomicGroupStore.ofJobs(h, ids);
    h.createQuery(
            """
            SELECT j.id, j.owner, u.access_level, j.synch_count FROM jobs j
              LEFT JOIN users u ON u.login = j.owner
             WHERE j.id IN (<ids>)""")
        .bindList("ids", ids)
        .map(
            (rs, ctx) ->
                new JobNeeds(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getInt(3) >= Users.SUPERUSER_LEVEL,
                    Set.copyOf(deps.getOrDefault(rs.getLong(1), List.of())),
                    groups.getOrDefault(rs.getLong(1), Set.of()),
                    Set.of(),
                    rs.getInt(4),
                    atomic.get(rs.getLong(1))))
        .forEach(n -> needs.put(n.jobId(), n));
    return needs;
  }

  private long insertJob(Handle h, JobRequest r, AtomicGroup group) {
    return h.createUpdate(
            """
            INSERT INTO jobs (owner, name, priority, control_file, control_type, synch_count,
                              timeout_minutes, max_runtime_minutes, run_verify, reboot_before,
                              reboot_after, email_list, created_on, timeout_at, atomic_group_id)
            VALUES (:owner, :name, :priority, :control, :type, :synch, :timeout, :runtime,
                    :verify, :before, :after, :email, :now, :timeoutAt, :group)""")
        .bind("group", group == null ? null : group.id())
        .bind("owner", r.owner())
        .bind("name", r.name())
        .bind("priority", r.priority())
        .bind("control", r.controlFile())
        .bind("type", r.controlType().name())
        .bind("synch", r.synchCount())
        .bind("timeout", r.timeout().toMinutes())
        .bind("runtime", r.maxRuntime().toMinutes())
        .bind("verify", r.runVerify())
        .bind("before", r.rebootBefore().name())
        .bind("after", r.rebootAfter().name())
        .bind("email", r.emailList())
        .bind("now", clock.instant())
        .bind("timeoutAt", clock.instant().plus(r.timeout()))
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  private static void insertEntry(Handle h, long jobId, int priority, Long hostId, Long metaHost) {
    h.createUpdate(
            """
            INSERT INTO host_queue_entries (job_id, priority, host_id, meta_host, status)
            VALUES (:job, :priority, :host, :meta, :status)""")
        .bind("job", jobId)
        .bind("priority", priority)
        .bind("host", hostId)
        .bind("meta", metaHost)
        .bind("status", EntryStatus.QUEUED.name())
        .execute();
  }

  private static List<JobView> load(Handle h, String sql, Map<String, Object> binds) {
    Map<Long, Job> jobs = new LinkedHashMap<>();
    Map<Long, Instant> finished = new LinkedHashMap<>();
    h.createQuery(sql)
        .bindMap(binds)
        .map(
            (rs, ctx) -> {
              Job job = mapJob(rs, ctx);
              finished.put(job.id(), Rows.instant(rs, "finished_on", ctx));
              return job;
            })
        .forEach(job -> jobs.put(job.id(), job));
    if (jobs.isEmpty()) {
      return List.of();
    }
    Map<Long, List<String>> dependencies = dependencies(h, jobs.keySet());
    Map<Long, List<HostQueueEntry>> entries = new LinkedHashMap<>();
    HostQueueEntryStore.forJobs(h, jobs.keySet())
        .forEach(e -> entries.computeIfAbsent(e.jobId(), k -> new ArrayList<>()).add(e));
    return jobs.values().stream()
        .map(
            job -> {
              List<HostQueueEntry> own = entries.getOrDefault(job.id(), List.of());
              Job withDeps = withDependencies(job, dependencies.getOrDefault(job.id(), List.of()));
              return new JobView(
                  withDeps,
                  JobStatus.of(
                      own.stream().map(HostQueueEntry::status).toList(), job.atomicGroup() != null),
                  finished.get(job.id()),
                  own);
            })
        .toList();
  }

  private static Job mapJob(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    return new Job(
        rs.getLong("id"),
        rs.getString("owner"),
        rs.getString("name"),
        rs.getInt("priority"),
        rs.getString("control_file"),
        ControlType.valueOf(rs.getString("control_type")),
        rs.getInt("synch_count"),
        Duration.ofMinutes(rs.getLong("timeout_minutes")),
        Duration.ofMinutes(rs.getLong("max_runtime_minutes")),
        rs.getBoolean("run_verify"),
        RebootBefore.valueOf(rs.getString("reboot_before")),
        RebootAfter.valueOf(rs.getString("reboot_after")),
        rs.getString("email_list"),
        List.of(),
        Rows.instant(rs, "created_on", ctx),
        rs.getString("atomic_group_name"));
  }

  private static Map<Long, List<String>> dependencies(Handle h, Collection<Long> jobIds) {
    Map<Long, List<String>> result = new LinkedHashMap<>();
    for (List<Long> chunk : Rows.chunks(List.copyOf(jobIds))) {
      h.createQuery(
              """
              SELECT d.job_id, l.name FROM job_dependency_labels d
                JOIN labels l ON l.id = d.label_id
               WHERE d.job_id IN (<ids>) ORDER BY l.name""")
          .bindList("ids", chunk)
          .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
          .forEach(
              e -> result.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
    }
    return result;
  }

  private static Job withDependencies(Job j, List<String> dependencies) {
    return new Job(
        j.id(),
        j.owner(),
        j.name(),
        j.priority(),
        j.controlFile(),
        j.controlType(),
        j.synchCount(),
        j.timeout(),
        j.maxRuntime(),
        j.runVerify(),
        j.rebootBefore(),
        j.rebootAfter(),
        j.emailList(),
        dependencies,
        j.createdOn(),
        j.atomicGroup());
  }
}
