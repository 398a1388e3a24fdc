package hangar.store;

import hangar.lab.HostQueueEntry;
import hangar.lab.InfeasibleJobException;
import hangar.lab.Job;
import hangar.lab.JobNeeds;
import hangar.lab.JobRequest;
import hangar.lab.JobStatus;
import hangar.lab.JobView;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** Jobs: creation with their queue entries, reading them back with their status, aborts. */
public final class JobStore {
  /** The most jobs one {@link #createAll} takes. */
  public static final int MAX_BATCH = 1000;

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
    long id = jdbi.inTransaction(h -> JobInserts.insert(h, request, clock));
    return get(id);
  }

  /**
   * Creates many jobs, as {@link #create} does each, in one transaction: all of them or, when one
   * is refused, none. Each name is resolved and the hosts the jobs concern are read once for all.
   *
   * @param requests from 1 to {@link #MAX_BATCH} jobs
   * @return the new jobs' ids, in the order given
   * @throws IllegalArgumentException for an empty batch or one of more than {@link #MAX_BATCH}
   * @throws NotFoundException (like every refusal, naming the job: {@code job 3 of 40 ('name'):
   *     ...}) for an unknown host or label; nothing is created
   * @throws InfeasibleJobException when no host could ever run one of them; nothing is created
   */
  public List<Long> createAll(List<JobRequest> requests) {
    if (requests.isEmpty() || requests.size() > MAX_BATCH) {
      throw new IllegalArgumentException(
          "a batch holds from 1 to " + MAX_BATCH + " jobs, this one " + requests.size());
    }
    requests.stream()
        .map(JobRequest::owner)
        .distinct()
        .forEach(owner -> Users.ensure(jdbi, owner, clock.instant()));
    return jdbi.inTransaction(h -> JobInserts.insertAll(h, requests, clock, true));
  }

  /**
   * The job with its status and entries.
   *
   * @throws NotFoundException if there is no such job
   */
  public JobView get(long id) {
    return jdbi
        .withHandle(
            h -> JobRows.load(h, JobRows.SELECT_JOBS + " WHERE j.id = :id", Map.of("id", id)))
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
          Map<Long, List<String>> dependencies = JobRows.dependencies(h, distinct);
          Map<Long, Job> jobs = new HashMap<>();
          for (List<Long> chunk : Rows.chunks(distinct)) {
            h.createQuery(JobRows.SELECT_JOBS + " WHERE j.id IN (<ids>)")
                .bindList("ids", chunk)
                .map(JobRows::mapJob)
                .forEach(
                    j ->
                        jobs.put(
                            j.id(),
                            JobRows.withDependencies(
                                j, dependencies.getOrDefault(j.id(), List.of()))));
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
    return list(owner, status, Page.first(limit)).items();
  }

  /**
   * One page of the jobs, newest first, optionally only one owner's or those in one status. The
   * {@code after} of a page is a job id; the page holds older jobs. Filtered by status (which comes
   * from the entries, so is checked after reading) a page reads a bounded window of jobs and may
   * hold fewer than the limit while later pages still hold more.
   *
   * @param owner only this owner's, or null for all
   * @param status only jobs in this status, or null for all
   * @throws IllegalArgumentException when {@code after} is not a job id
   */
  public Slice<JobView> list(String owner, JobStatus status, Page page) {
    return list(new hangar.lab.JobFilter(owner, status, null, null, null, null), page);
  }

  /**
   * One page of the jobs the filter lets through, newest first; as {@link #list(String, JobStatus,
   * Page)}, whose notes on the status filter hold here too.
   *
   * @throws IllegalArgumentException when {@code after} is not a job id
   */
  public Slice<JobView> list(hangar.lab.JobFilter filter, Page page) {
    Map<String, Object> binds = new HashMap<>();
    binds.put("before", page.after() == null ? Long.MAX_VALUE : jobId(page.after()));
    StringBuilder where = new StringBuilder(" WHERE j.id < :before");
    if (filter.owner() != null) {
      where.append(" AND j.owner = :owner");
      binds.put("owner", filter.owner());
    }
    if (filter.name() != null) {
      where.append(" AND LOWER(j.name) LIKE :name ESCAPE '!'");
      String escaped =
          filter.name().toLowerCase(java.util.Locale.ROOT).replaceAll("([!%_])", "!$1");
      binds.put("name", "%" + escaped + "%");
    }
    if (filter.label() != null) {
      where.append(
          " AND (EXISTS (SELECT 1 FROM host_queue_entries e JOIN labels l ON l.id = e.meta_host"
              + " WHERE e.job_id = j.id AND l.name = :label)"
              + " OR EXISTS (SELECT 1 FROM host_queue_entries e"
              + " JOIN host_labels hl ON hl.host_id = e.host_id"
              + " JOIN labels l ON l.id = hl.label_id"
              + " WHERE e.job_id = j.id AND l.name = :label))");
      binds.put("label", filter.label());
    }
    if (filter.since() != null) {
      where.append(" AND j.created_on >= :since");
      binds.put("since", filter.since());
    }
    if (filter.until() != null) {
      where.append(" AND j.created_on < :until");
      binds.put("until", filter.until());
    }
    JobStatus status = filter.status();
    int window = status == null ? page.limit() + 1 : Math.max(page.limit() * 10, 1000);
    String sql = JobRows.SELECT_JOBS + where + " ORDER BY j.id DESC LIMIT " + window;
    List<JobView> read = jdbi.withHandle(h -> JobRows.load(h, sql, binds));
    if (status == null) {
      return Slice.of(read, page.limit(), j -> Long.toString(j.job().id()));
    }
    List<JobView> matching = read.stream().filter(j -> j.status() == status).toList();
    if (matching.size() > page.limit() || read.size() < window) {
      return Slice.of(matching, page.limit(), j -> Long.toString(j.job().id()));
    }
    // The window was full: older jobs may match too; the next page starts below it.
    return new Slice<>(matching, Long.toString(read.get(read.size() - 1).job().id()));
  }

  private static long jobId(String after) {
    try {
      return Long.parseLong(after);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "after must be a job id for a job list, was " + hangar.lab.Names.quote(after), e);
    }
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
    return jdbi.withHandle(h -> JobNeedsRows.read(h, ids, unknown, picking, known));
  }
}
