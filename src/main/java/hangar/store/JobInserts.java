package hangar.store;

import hangar.lab.AtomicGroup;
import hangar.lab.ControlType;
import hangar.lab.EntryStatus;
import hangar.lab.Feasibility;
import hangar.lab.HostPool;
import hangar.lab.InfeasibleJobException;
import hangar.lab.JobNeeds;
import hangar.lab.JobRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Writes a new job inside the caller's transaction: its row, its dependencies and one queued entry
 * per named host, per meta-host, or for its atomic group, once the names resolve, the owner may
 * submit it and some hosts of the lab could run it. {@link JobStore#create} documents the whole.
 */
final class JobInserts {
  private JobInserts() {}

  /**
   * Inserts the job and its entries.
   *
   * @return the new job's id
   * @throws NotFoundException naming an unknown host, label or atomic group
   * @throws ForbiddenException for a server-side control file of an owner who is no admin
   * @throws InfeasibleJobException when no host could ever run it as asked
   */
  static long insert(Handle h, JobRequest request, Clock clock) {
    return insertAll(h, List.of(request), clock, false).get(0);
  }

  /**
   * Inserts the jobs and their entries in order, resolving each name and reading the hosts they
   * concern once for all of them.
   *
   * @param numbered whether a refusal names the job it is about ({@code job 3 of 40 ('name'): })
   * @return the new jobs' ids, in order
   * @throws NotFoundException naming an unknown host, label or atomic group
   * @throws ForbiddenException for a server-side control file of an owner who is no admin
   * @throws InfeasibleJobException when no host could ever run one as asked
   */
  static List<Long> insertAll(Handle h, List<JobRequest> requests, Clock clock, boolean numbered) {
    Lookups lookups = new Lookups(h);
    List<Resolved> resolved = new ArrayList<>(requests.size());
    for (int i = 0; i < requests.size(); i++) {
      JobRequest request = requests.get(i);
      try {
        resolved.add(lookups.resolve(request));
      } catch (RuntimeException e) {
        throw numbered ? JobBatch.about(e, i, requests.size(), request) : e;
      }
    }
    HostPool pool = lookups.pool();
    List<Long> ids = new ArrayList<>(requests.size());
    for (int i = 0; i < resolved.size(); i++) {
      try {
        ids.add(insert(h, resolved.get(i), pool, clock));
      } catch (RuntimeException e) {
        throw numbered ? JobBatch.about(e, i, requests.size(), requests.get(i)) : e;
      }
    }
    return ids;
  }

  /** A request with its names resolved and what its owner may do. */
  private record Resolved(
      JobRequest request,
      List<Long> hostIds,
      List<Long> metaHostIds,
      List<Long> dependencyIds,
      JobNeeds needs,
      AtomicGroup group) {}

  /** Names resolved, and the owners' rights read, once per transaction. */
  private static final class Lookups {
    private final Handle h;
    private final Map<String, Long> hosts = new HashMap<>();
    private final Map<String, Long> labels = new HashMap<>();
    private final Map<String, JobNeeds> owners = new HashMap<>();
    private boolean wholeLab;

    Lookups(Handle h) {
      this.h = h;
    }

    Resolved resolve(JobRequest request) {
      List<Long> hostIds = new ArrayList<>();
      for (String hostname : request.hosts()) {
        hostIds.add(host(hostname));
      }
      List<Long> metaHostIds = new ArrayList<>();
      for (String label : request.metaHosts()) {
        metaHostIds.add(label(label));
      }
      List<Long> dependencyIds = new ArrayList<>();
      for (String label : request.dependencies()) {
        dependencyIds.add(label(label));
      }
      JobNeeds owner = owners.computeIfAbsent(request.owner(), o -> Users.needs(h, o, List.of()));
      JobNeeds needs =
          new JobNeeds(
              0,
              owner.owner(),
              owner.superuser(),
              Set.copyOf(request.dependencies()),
              owner.aclGroups(),
              Set.of());
      if (request.controlType() == ControlType.SERVER && !needs.superuser()) {
        // A server-side control file runs unsandboxed on the drone, as Autotest's does.
        throw new ForbiddenException(
            "only admins may submit server-side control files; "
                + request.owner()
                + " is not one. Submit it as a client-side job, or ask an admin");
      }
      AtomicGroup group = atomicGroupOf(h, request);
      wholeLab |= group != null;
      return new Resolved(request, hostIds, metaHostIds, dependencyIds, needs, group);
    }

    /** The hosts the resolved jobs concern (the whole lab when one asks for an atomic group). */
    HostPool pool() {
      return wholeLab
          ? HostPools.load(h)
          : HostPools.loadFor(h, Set.copyOf(hosts.values()), Set.copyOf(labels.values()));
    }

    private long host(String hostname) {
      Long id = hosts.get(hostname);
      if (id == null) {
        id = HostStore.findId(h, hostname).orElseThrow(() -> Hosts.notFound(hostname));
        hosts.put(hostname, id);
      }
      return id;
    }

    private long label(String label) {
      Long id = labels.get(label);
      if (id == null) {
        id = Labels.idOf(h, label);
        labels.put(label, id);
      }
      return id;
    }
  }

  private static long insert(Handle h, Resolved job, HostPool pool, Clock clock) {
    JobRequest request = job.request();
    AtomicGroup group = job.group();
    if (group == null) {
      Feasibility.check(request.name(), request.hosts(), request.metaHosts(), job.needs(), pool);
    } else {
      Feasibility.checkAtomicGroup(request.name(), request.synchCount(), group, job.needs(), pool);
    }
    long jobId = insertJob(h, request, group, clock);
    for (long labelId : job.dependencyIds()) {
      h.createUpdate("INSERT INTO job_dependency_labels (job_id, label_id) VALUES (:j, :l)")
          .bind("j", jobId)
          .bind("l", labelId)
          .execute();
    }
    for (long hostId : job.hostIds()) {
      insertEntry(h, jobId, request.priority(), hostId, null);
    }
    for (long labelId : job.metaHostIds()) {
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

  private static long insertJob(Handle h, JobRequest r, AtomicGroup group, Clock clock) {
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
}
