package hangar.scheduler;

import hangar.lab.Host;
import hangar.lab.HostAccess;
import hangar.lab.HostPool;
import hangar.lab.HostQueueEntry;
import hangar.lab.JobNeeds;
import hangar.store.HostStore;
import hangar.store.JobStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The host pool and the queued jobs' needs, kept between ticks while the lab stays the same. */
final class LabCache {
  private final HostStore hosts;
  private final JobStore jobs;
  // The last pool read; its labels and ACL groups are reused while the lab generation stays.
  private HostStore.PoolSnapshot pool;
  // What the jobs of the last queue scan ask; reused for the jobs still queued, see JobStore.needs.
  private Map<Long, JobNeeds> needs = Map.of();

  LabCache(HostStore hosts, JobStore jobs) {
    this.hosts = hosts;
    this.jobs = jobs;
  }

  /**
   * Reads the host pool again, reusing what the last read holds while the lab generation stays;
   * when it changed, the needs kept are dropped too (ACL groups may have changed).
   */
  HostPool refreshPool() {
    long generation = pool == null ? -1 : pool.generation();
    pool = hosts.pool(pool);
    if (pool.generation() != generation) {
      needs = Map.of();
    }
    return pool.pool();
  }

  /** What the jobs of {@code queued} ask, reusing those kept from the last call. */
  Map<Long, JobNeeds> refreshNeeds(List<HostQueueEntry> queued) {
    needs = jobs.needs(queued, needs);
    return needs;
  }

  /**
   * How sessions reach the hosts ({@code [user@]host[:port]}) by host id, from the pool read last,
   * for the hosts whose target is more than their name.
   */
  Map<Long, String> sshTargets() {
    Map<Long, String> targets = new HashMap<>();
    if (pool != null) {
      for (HostAccess access : pool.pool().hosts()) {
        Host host = access.host();
        if (host.sshUser() != null || host.sshPort() != null) {
          targets.put(host.id(), host.sshTarget());
        }
      }
    }
    return targets;
  }

  /** The console command of every host of the pool read last that has one, by host id. */
  Map<Long, String> consoleCommands() {
    Map<Long, String> consoles = new HashMap<>();
    if (pool != null) {
      for (HostAccess access : pool.pool().hosts()) {
        String console = access.host().commands().console();
        if (!console.isEmpty()) {
          consoles.put(access.host().id(), console);
        }
      }
    }
    return consoles;
  }
}
