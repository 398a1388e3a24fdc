package hangar.store;

import hangar.lab.AtomicGroup;
import hangar.lab.ControlType;
import hangar.lab.EntryStatus;
import hangar.lab.Feasibility;
import hangar.lab.InfeasibleJobException;
import hangar.lab.JobNeeds;
import hangar.lab.JobRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
    List<Long> hostIds = new ArrayList<>();
    for (String hostname : request.hosts()) {
      hostIds.add(HostStore.findId(h, hostname).orElseThrow(() -> Hosts.notFound(hostname)));
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
    long jobId = insertJob(h, request, group, clock);
    for (long labelId : dependencyIds) {
      h.createUpdate("INSERT INTO job_dependency_labels (job_id, label_id) VALUES (:j, :l)")
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
