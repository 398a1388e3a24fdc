package hangar.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a new job could ever run: every label it names is on some host, its named hosts carry its
 * dependencies and let its owner in, and enough distinct hosts could ever take its meta-host
 * entries. Locked and busy hosts count, since they may be unlocked or freed; deleted ones do not.
 */
public final class Feasibility {
  /** Above this many distinct meta-host labels only each label and all together are checked. */
  private static final int MAX_EXACT_LABELS = 10;

  private Feasibility() {}

  /**
   * Checks a job against the lab's hosts.
   *
   * @param name the job's name, for messages
   * @param hostnames the named hosts, all in {@code pool}
   * @param metaHosts one label per meta-host entry
   * @param needs what the job asks of every host
   * @param pool the lab's valid hosts
   * @throws InfeasibleJobException saying what no host offers and how to change that
   */
  public static void check(
      String name, List<String> hostnames, List<String> metaHosts, JobNeeds needs, HostPool pool) {
    Map<String, HostAccess> byName = new LinkedHashMap<>();
    pool.hosts().forEach(h -> byName.put(h.host().hostname(), h));
    for (String label : new TreeSet<>(metaHosts)) {
      requireCarried(name, label, pool, "asks for a host with label");
    }
    for (String label : new TreeSet<>(needs.dependencies())) {
      requireCarried(name, label, pool, "depends on label");
    }
    checkNamedHosts(name, hostnames, needs, byName, pool);
    checkMetaHosts(name, hostnames, metaHosts, needs, pool);
  }

  /**
   * Checks an atomic group job: some label of the group must offer at least {@code synchCount}
   * hosts the job could ever use, and the group must allow that many.
   *
   * @param name the job's name, for messages
   * @param synchCount the least number of hosts it runs on
   * @param group the atomic group it asks for
   * @param needs what the job asks of every host
   * @param pool the lab's valid hosts
   * @throws InfeasibleJobException saying which labels fall short and by how much
   */
  public static void checkAtomicGroup(
      String name, int synchCount, AtomicGroup group, JobNeeds needs, HostPool pool) {
    String job = "job '" + name + "' asks for at least " + synchCount;
    if (synchCount > group.maxNumberOfMachines()) {
      throw new InfeasibleJobException(
          job
              + (synchCount == 1 ? " host" : " hosts")
              + " (synch count) but atomic group "
              + group.name()
              + " runs a job on "
              + group.maxNumberOfMachines()
              + " at most (max number of machines); ask for fewer with -y");
    }
    if (group.labels().isEmpty()) {
      throw new InfeasibleJobException(
          "atomic group "
              + group.name()
              + " has no labels, so job '"
              + name
              + "' could never get a host; add one with 'hangar atomicgroup add "
              + group.name()
              + " --label LABEL'");
    }
    for (String label : new TreeSet<>(needs.dependencies())) {
      requireCarried(name, label, pool, "depends on label");
    }
    List<String> offers = new ArrayList<>();
    for (String label : group.labels()) {
      int usable = 0;
      List<String> refused = new ArrayList<>();
      for (HostAccess host : pool.hosts()) {
        if (host.carries(label)) {
          Optional<Mismatch> mismatch =
              Mismatch.find(host, needs, label, pool.onlyIfNeededLabels());
          mismatch.ifPresent(m -> refused.add(m.phrase()));
          usable += mismatch.isEmpty() ? 1 : 0;
        }
      }
      if (usable >= synchCount) {
        return;
      }
      offers.add(label + ": " + usable + (refused.isEmpty() ? "" : " (" + Tally.of(refused) + ")"));
    }
    throw new InfeasibleJobException(
        job
            + " hosts of one label of atomic group "
            + group.name()
            + ", but no label has that many it could ever use ("
            + String.join("; ", offers)
            + "); ask for fewer with -y or put the label on more hosts");
  }

  private static void requireCarried(String name, String label, HostPool pool, String what) {
    if (pool.hosts().stream().noneMatch(h -> h.carries(label))) {
      throw new InfeasibleJobException(
          "job '"
              + name
              + "' "
              + what
              + " "
              + label
              + ", which no host carries; put it on hosts with 'hangar label add "
              + label
              + " -m HOST' first");
    }
  }

  private static void checkNamedHosts(
      String name,
      List<String> hostnames,
      JobNeeds needs,
      Map<String, HostAccess> byName,
      HostPool pool) {
    for (String hostname : hostnames) {
      HostAccess host = byName.get(hostname);
      if (host == null) {
        throw new IllegalStateException("host " + hostname + " is not in the pool; a bug in store");
      }
      Optional<Mismatch> mismatch = Mismatch.find(host, needs, null, pool.onlyIfNeededLabels());
      // Autotest lets superusers name any host (AclGroup.check_for_acl_violation_hosts); its
      // scheduler still wants a shared ACL group, so such an entry waits and says why.
      if (needs.superuser() && mismatch.orElse(null) instanceof Mismatch.NoSharedAcl) {
        mismatch = Mismatch.missingDependency(host, needs);
      }
      if (mismatch.orElse(null) instanceof Mismatch.NoSharedAcl) {
        throw new AclViolationException(
            "job '"
                + name
                + "' may not run on host "
                + hostname
                + ": "
                + (host.privileged()
                    ? "it is the server's own machine, which only admins and the ACL groups an"
                        + " admin put it in may use, and "
                        + needs.owner()
                        + " is in none of them"
                    : needs.owner()
                        + " shares no ACL group with it (a job runs only on hosts that share an ACL"
                        + " group with its owner)")
                + "; "
                + wayOut(mismatch.get(), hostname));
      }
      if (mismatch.isPresent()) {
        throw new InfeasibleJobException(
            "job '"
                + name
                + "' cannot run on host "
                + hostname
                + ": it "
                + mismatch.get().phrase()
                + "; "
                + wayOut(mismatch.get(), hostname));
      }
    }
  }

  private static String wayOut(Mismatch mismatch, String hostname) {
    return switch (mismatch) {
      case Mismatch.MissingDependency m ->
          "add the label with 'hangar label add " + m.label() + " -m " + hostname + "' or drop it";
      case Mismatch.NoSharedAcl m -> "ask an admin to put the host in one of " + m.owner() + "'s";
      case Mismatch.UnrequestedLabel m -> "ask for label " + m.label() + " as a dependency";
    };
  }

  private static void checkMetaHosts(
      String name, List<String> hostnames, List<String> metaHosts, JobNeeds needs, HostPool pool) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    new TreeSet<>(metaHosts).forEach(l -> counts.put(l, 0));
    metaHosts.forEach(l -> counts.merge(l, 1, Integer::sum));
    Set<String> named = Set.copyOf(hostnames);
    Map<String, Set<String>> eligible = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> wanted : counts.entrySet()) {
      String label = wanted.getKey();
      Set<String> ok = new TreeSet<>();
      List<String> refused = new ArrayList<>();
      for (HostAccess host : pool.hosts()) {
        if (!host.carries(label)) {
          continue;
        }
        if (named.contains(host.host().hostname())) {
          refused.add("named by the job itself");
          continue;
        }
        Mismatch.find(host, needs, label, pool.onlyIfNeededLabels())
            .ifPresentOrElse(m -> refused.add(m.phrase()), () -> ok.add(host.host().hostname()));
      }
      eligible.put(label, ok);
      if (ok.size() < wanted.getValue()) {
        throw new InfeasibleJobException(
            "job '"
                + name
                + "' asks for "
                + wanted.getValue()
                + (wanted.getValue() == 1 ? " host" : " hosts")
                + " with label "
                + label
                + " but only "
                + ok.size()
                + " could ever run it ("
                + (ok.size() + refused.size())
                + (ok.size() + refused.size() == 1 ? " carries it" : " carry it")
                + (refused.isEmpty() ? "" : "; " + Tally.of(refused))
                + "); ask for fewer or put the label on more hosts");
      }
    }
    checkTogether(name, counts, eligible);
  }

  /** Several labels may share hosts, and a job never gets one host twice (Hall's condition). */
  private static void checkTogether(
      String name, Map<String, Integer> counts, Map<String, Set<String>> eligible) {
    List<String> labels = List.copyOf(counts.keySet());
    if (labels.size() < 2) {
      return;
    }
    List<List<String>> groups = new ArrayList<>();
    if (labels.size() <= MAX_EXACT_LABELS) {
      for (int mask = 1; mask < (1 << labels.size()); mask++) {
        List<String> group = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
          if ((mask & (1 << i)) != 0) {
            group.add(labels.get(i));
          }
        }
        if (group.size() > 1) {
          groups.add(group);
        }
      }
    } else {
      groups.add(labels);
    }
    for (List<String> group : groups) {
      int wanted = group.stream().mapToInt(counts::get).sum();
      Set<String> hosts = new TreeSet<>();
      group.forEach(l -> hosts.addAll(eligible.get(l)));
      if (hosts.size() < wanted) {
        throw new InfeasibleJobException(
            "job '"
                + name
                + "' asks for "
                + wanted
                + " distinct hosts with labels "
                + String.join(", ", group)
                + " but only "
                + hosts.size()
                + " could ever run it ("
                + String.join(", ", hosts)
                + "); a job never gets one host twice, so ask for fewer");
      }
    }
  }
}
