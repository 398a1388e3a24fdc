package hangar.scheduler;

import hangar.lab.AtomicGroup;
import hangar.lab.Host;
import hangar.lab.HostAccess;
import hangar.lab.HostPool;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.lab.JobNeeds;
import hangar.lab.Mismatch;
import hangar.lab.Tally;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which host a queued entry gets, and why it gets none: one tick's view of the lab, read once and
 * indexed by label so that a meta-host entry looks only at Ready hosts carrying its label. A host
 * given out is taken out of every index at once, so no two entries get it in one tick, and a job
 * never gets a host it already holds or held (Autotest's ineligible host queues).
 */
final class HostChoice {
  private final Map<Long, HostAccess> hosts = new HashMap<>();
  private final Map<String, List<Long>> carriers = new HashMap<>();
  private final Map<String, Set<Long>> readyByLabel = new HashMap<>();
  private final Set<Long> taken = new HashSet<>();
  private final Set<String> onlyIfNeeded;
  private final Map<Long, JobNeeds> needs;
  private final Map<Long, Set<Long>> usedByJob = new HashMap<>();
  private final Set<String> hopeless = new HashSet<>();
  private final Map<String, String> reasons = new HashMap<>();

  private HostChoice(HostPool pool, Map<Long, JobNeeds> needs) {
    this.onlyIfNeeded = pool.onlyIfNeededLabels();
    this.needs = needs;
    for (HostAccess access : pool.hosts()) {
      Host host = access.host();
      hosts.put(host.id(), access);
      for (String label : host.labels()) {
        carriers.computeIfAbsent(label, l -> new ArrayList<>()).add(host.id());
        if (host.isAvailable()) {
          readyByLabel.computeIfAbsent(label, l -> new LinkedHashSet<>()).add(host.id());
        }
      }
    }
  }

  /**
   * This tick's choice.
   *
   * @param pool the valid hosts with labels and ACL groups
   * @param needs what each job of the queued entries asks of its hosts, by job id
   */
  static HostChoice of(HostPool pool, Map<Long, JobNeeds> needs) {
    return new HostChoice(pool, needs);
  }

  /**
   * The entry's named host if it is Ready, unlocked and lets the job in; for a meta-host entry the
   * first Ready host carrying the label that the job may use; null when there is none.
   */
  Host pick(HostQueueEntry entry) {
    JobNeeds job = needsOf(entry);
    if (entry.hostId() != null) {
      HostAccess host = hosts.get(entry.hostId());
      boolean fits =
          host != null && isReady(host) && Mismatch.find(host, job, null, onlyIfNeeded).isEmpty();
      return fits ? host.host() : null;
    }
    String key = signature(entry, job);
    if (hopeless.contains(key)) {
      return null;
    }
    boolean skippedUsed = false;
    for (long id : smallestReadySet(entry.metaHost(), job)) {
      HostAccess host = hosts.get(id);
      if (!host.carries(entry.metaHost())
          || Mismatch.find(host, job, entry.metaHost(), onlyIfNeeded).isPresent()) {
        continue;
      }
      if (used(job).contains(id)) {
        skippedUsed = true;
        continue;
      }
      return host.host();
    }
    if (!skippedUsed) {
      hopeless.add(key); // hosts only leave the ready sets during a tick
    }
    return null;
  }

  /**
   * For an atomic group entry: the Ready hosts of the first of the group's labels (by name) that
   * offers at least the job's synch count of hosts it may use, sorted by name, at most the group's
   * max number of machines; empty when no label offers that many (Autotest's {@code
   * find_eligible_atomic_group}). Every host of the group carries that one label.
   */
  List<Host> pickGroup(HostQueueEntry entry) {
    JobNeeds job = needsOf(entry);
    AtomicGroup group = job.atomicGroup();
    if (group == null) {
      throw new IllegalStateException(
          "entry " + entry.id() + " of job " + entry.jobId() + " has no atomic group; a bug");
    }
    for (String label : group.labels()) {
      List<Host> usable = new ArrayList<>();
      for (long id : readyByLabel.getOrDefault(label, Set.of())) {
        HostAccess host = hosts.get(id);
        if (!used(job).contains(id) && Mismatch.find(host, job, label, onlyIfNeeded).isEmpty()) {
          usable.add(host.host());
        }
      }
      if (usable.size() >= job.synchCount()) {
        usable.sort(Comparator.comparing(Host::hostname));
        return List.copyOf(usable.subList(0, Math.min(usable.size(), group.maxNumberOfMachines())));
      }
    }
    return List.of();
  }

  /** Gives the host to the entry: no other entry gets it this tick, nor this job ever. */
  void take(HostQueueEntry entry, Host host) {
    taken.add(host.id());
    for (String label : host.labels()) {
      Set<Long> ready = readyByLabel.get(label);
      if (ready != null) {
        ready.remove(host.id());
      }
    }
    used(needsOf(entry)).add(host.id());
  }

  /** A sentence for {@code hangar job stat}: why the entry is still queued. */
  String whyWaiting(HostQueueEntry entry) {
    JobNeeds job = needsOf(entry);
    if (entry.hostId() != null) {
      return whyNamedWaits(entry, job);
    }
    if (entry.picksAtomicGroup()) {
      return whyGroupWaits(job);
    }
    return reasons.computeIfAbsent(
        signature(entry, job) + "|" + used(job), k -> whyMetaHostWaits(entry, job));
  }

  private String whyNamedWaits(HostQueueEntry entry, JobNeeds job) {
    HostAccess access = hosts.get(entry.hostId());
    if (access == null) {
      return "waiting: host " + entry.hostname() + " is gone";
    }
    Host h = access.host();
    Optional<Mismatch> mismatch = Mismatch.find(access, job, null, onlyIfNeeded);
    if (mismatch.isPresent()) {
      return "waiting: host " + h.hostname() + " " + mismatch.get().phrase();
    }
    if (h.locked()) {
      return "waiting: host "
          + h.hostname()
          + " is locked"
          + (h.lockReason() == null ? "" : " (" + h.lockReason() + ")");
    }
    return "waiting: host " + h.hostname() + " is " + statusOf(access).displayName();
  }

  private String whyMetaHostWaits(HostQueueEntry entry, JobNeeds job) {
    String label = entry.metaHost();
    List<Long> withLabel = carriers.getOrDefault(label, List.of());
    if (withLabel.isEmpty()) {
      return "waiting: no host carries label " + label;
    }
    return "waiting: no Ready host with label " + label + " (" + carrying(label, job) + ")";
  }

  private String whyGroupWaits(JobNeeds job) {
    AtomicGroup group = job.atomicGroup();
    List<String> labels = new ArrayList<>();
    for (String label : group.labels()) {
      labels.add(
          label
              + ": "
              + (carriers.containsKey(label) ? carrying(label, job) : "no host carries it"));
    }
    return "waiting: atomic group "
        + group.name()
        + " needs "
        + job.synchCount()
        + (job.synchCount() == 1 ? " Ready host" : " Ready hosts")
        + " of one label, at most "
        + group.maxNumberOfMachines()
        + " ("
        + (labels.isEmpty() ? "it has no labels" : String.join("; ", labels))
        + ")";
  }

  /** "3 carry it: 2 Running, 1 locked": the hosts carrying the label and why each is no use. */
  private String carrying(String label, JobNeeds job) {
    List<Long> withLabel = carriers.getOrDefault(label, List.of());
    List<String> states = new ArrayList<>();
    for (long id : withLabel) {
      HostAccess host = hosts.get(id);
      Optional<Mismatch> mismatch = Mismatch.find(host, job, label, onlyIfNeeded);
      if (mismatch.isPresent()) {
        states.add(mismatch.get().phrase());
      } else if (used(job).contains(id) && !taken.contains(id)) {
        states.add("already used by this job");
      } else if (host.host().locked()) {
        states.add("locked");
      } else {
        states.add(statusOf(host).displayName());
      }
    }
    return withLabel.size()
        + (withLabel.size() == 1 ? " carries" : " carry")
        + " it: "
        + Tally.of(states);
  }

  /** The ready set to scan: the label's, or a dependency's when that one is smaller. */
  private Set<Long> smallestReadySet(String label, JobNeeds job) {
    Set<Long> smallest = readyByLabel.getOrDefault(label, Set.of());
    for (String dependency : job.dependencies()) {
      Set<Long> ready = readyByLabel.getOrDefault(dependency, Set.of());
      if (ready.size() < smallest.size()) {
        smallest = ready;
      }
    }
    return smallest;
  }

  private boolean isReady(HostAccess host) {
    return host.host().isAvailable() && !taken.contains(host.host().id());
  }

  private HostStatus statusOf(HostAccess host) {
    return taken.contains(host.host().id()) ? HostStatus.RUNNING : host.host().status();
  }

  private Set<Long> used(JobNeeds job) {
    return usedByJob.computeIfAbsent(job.jobId(), id -> new HashSet<>(job.usedHosts()));
  }

  private JobNeeds needsOf(HostQueueEntry entry) {
    JobNeeds job = needs.get(entry.jobId());
    if (job == null) {
      throw new IllegalStateException(
          "no needs loaded for job " + entry.jobId() + " of entry " + entry.id() + "; a bug");
    }
    return job;
  }

  /** Entries with one signature see the same hosts, so one failed scan answers for all. */
  private static String signature(HostQueueEntry entry, JobNeeds job) {
    return entry.metaHost()
        + "|"
        + new TreeSet<>(job.dependencies())
        + "|"
        + new TreeSet<>(job.aclGroups())
        + "|"
        + job.owner();
  }
}
