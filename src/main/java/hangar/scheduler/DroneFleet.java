package hangar.scheduler;

import hangar.drone.Drone;
import hangar.drone.SessionState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drones one scheduler drives, in the order of the {@code drones} key: what each runs, which
 * answer, which are disabled (drained: they finish what they run and take nothing new), and which
 * gets the next session.
 */
public final class DroneFleet {
  private static final Logger LOG = LoggerFactory.getLogger(DroneFleet.class);

  /** How long a poll waits for the drones' answers by default. */
  public static final java.time.Duration DEFAULT_ANSWER_WAIT = java.time.Duration.ofSeconds(5);

  private final Map<String, Drone> drones =
      java.util.Collections.synchronizedMap(new LinkedHashMap<>());
  private final Path serverResults;
  private final Set<String> disabled = ConcurrentHashMap.newKeySet();
  private final Set<String> draining = ConcurrentHashMap.newKeySet();
  private final Map<String, java.time.Instant> silentSince = new ConcurrentHashMap<>();
  private final Set<String> lost = ConcurrentHashMap.newKeySet();
  private final Set<String> returned = ConcurrentHashMap.newKeySet();
  private volatile hangar.store.DroneStore store;
  private volatile java.time.Duration lostAfter =
      hangar.config.SchedulerSettings.DEFAULT_DRONE_LOST_AFTER;
  private volatile java.time.Clock clock = java.time.Clock.systemUTC();
  private volatile java.time.Duration answerWait = DEFAULT_ANSWER_WAIT;
  private final DroneQuestions questions = new DroneQuestions();
  private volatile String machine = hangar.host.Machines.hostname();

  /**
   * @param drones the drones, at least one, in the {@code drones} key's order
   * @param serverResults the server's results folder
   */
  public DroneFleet(List<? extends Drone> drones, Path serverResults) {
    if (drones.isEmpty()) {
      throw new IllegalArgumentException("a scheduler needs at least one drone");
    }
    for (Drone drone : drones) {
      if (this.drones.put(drone.name(), drone) != null) {
        throw new IllegalArgumentException("drone " + drone.name() + " is listed twice");
      }
    }
    this.serverResults = Objects.requireNonNull(serverResults, "serverResults");
  }

  /** A fleet of one drone. */
  public static DroneFleet of(Drone drone, Path serverResults) {
    return new DroneFleet(List.of(drone), serverResults);
  }

  /** Every drone, in order. */
  public List<Drone> all() {
    synchronized (drones) {
      return List.copyOf(drones.values());
    }
  }

  /**
   * Adds a drone, such as a worker created while the scheduler runs.
   *
   * @throws IllegalArgumentException if one of that name is there
   */
  public void add(Drone drone) {
    synchronized (drones) {
      if (drones.putIfAbsent(drone.name(), drone) != null) {
        throw new IllegalArgumentException("drone " + drone.name() + " is listed twice");
      }
    }
  }

  /** Removes a drone; its running entries wait as for a drone that does not answer. */
  public void remove(String name) {
    drones.remove(name);
  }

  /**
   * Reads which drones are disabled from the lab's drone records at each poll ({@code hangar drone
   * mod --disable}); without it, every drone takes new sessions.
   */
  public void readDisabledFrom(hangar.store.DroneStore records) {
    this.store = records;
  }

  /** The drone of that name, or null. */
  public Drone get(String name) {
    return name == null ? null : drones.get(name);
  }

  /** The drone special tasks run on: {@code localhost} when listed, else the first. */
  public Drone primary() {
    Drone local = drones.get(hangar.drone.LocalDrone.NAME);
    return local != null ? local : all().get(0);
  }

  /**
   * The machine this fleet's {@code localhost} drone runs on, which the entries given that drone
   * record: this machine's host name unless {@link #onMachine} named another.
   */
  public String machine() {
    return machine;
  }

  /**
   * Names the machine this fleet's {@code localhost} drone runs on, where the host name does not
   * tell machines apart.
   *
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public void onMachine(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a machine name must not be blank, was '" + name + "'");
    }
    this.machine = name;
  }

  /**
   * How long a drone may stay silent before its sessions are given up as lost ({@code
   * drone_lost_after_secs}), on this clock.
   */
  public void giveUpAfter(java.time.Duration after, java.time.Clock on) {
    this.lostAfter = after;
    this.clock = on;
  }

  /**
   * How long a poll waits for the drones' answers; a drone slower than that is silent for that poll
   * and asked again once it has answered.
   *
   * @throws IllegalArgumentException if {@code wait} is negative
   */
  public void answerWithin(java.time.Duration wait) {
    if (wait.isNegative()) {
      throw new IllegalArgumentException("the answer wait must not be negative, was " + wait);
    }
    this.answerWait = wait;
  }

  /**
   * Keeps a drone that is no longer in {@code drones} for the sessions it still runs: it is asked
   * what they do, and gets nothing new.
   */
  public void drain(Drone drone) {
    add(drone);
    draining.add(drone.name());
    LOG.info("drone {} is no longer in drones; it finishes the sessions it runs", drone.name());
  }

  /** True when the drone has been silent longer than {@code drone_lost_after_secs}. */
  public boolean isLost(String name) {
    return lost.contains(name);
  }

  /** How long the drone has been silent, or zero. */
  public java.time.Duration silentFor(String name) {
    java.time.Instant since = silentSince.get(name);
    return since == null
        ? java.time.Duration.ZERO
        : java.time.Duration.between(since, clock.instant());
  }

  /** The drones that answer again after they were given up as lost; each is returned once. */
  public Set<String> takeReturned() {
    Set<String> back = Set.copyOf(returned);
    returned.removeAll(back);
    return back;
  }

  /** The drones that take no new sessions. */
  public Set<String> disabled() {
    return Set.copyOf(disabled);
  }

  /**
   * Where a session on {@code drone} writes the results folder {@code relative}: under the server's
   * results folder for a drone that shares it, under the drone's own results root otherwise.
   */
  public Path resultsDir(Drone drone, String relative) {
    return drone
        .resultsRoot()
        .map(root -> Path.of(root).resolve(relative))
        .orElse(serverResults.resolve(relative));
  }

  /** What every drone reported in one poll. */
  public record Poll(
      Map<String, SessionState> sessions,
      Map<String, Integer> running,
      Set<String> silent,
      Map<String, List<SessionState>> byDrone) {
    /** Sessions running over every drone that answered. */
    public int totalRunning() {
      return running.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /**
   * Asks every drone for its sessions, waiting at most {@link #DEFAULT_ANSWER_WAIT} (see {@link
   * #answerWithin}) for the slowest. A drone that does not answer is left out of the sessions and
   * named in {@code silent}; its entries wait for it. A drone still busy with the question is
   * silent for this poll too, but that does not count towards {@code drone_lost_after_secs}, and it
   * is not asked again until it has answered.
   */
  public Poll poll(SchedulerMetrics metrics) {
    hangar.store.DroneStore records = store;
    if (records != null) {
      Set<String> now = records.disabled();
      disabled.retainAll(now);
      disabled.addAll(now);
    }
    Map<String, SessionState> sessions = new HashMap<>();
    Map<String, Integer> running = new LinkedHashMap<>();
    Set<String> silent = new HashSet<>();
    Set<String> busy = new HashSet<>();
    Map<String, List<SessionState>> byDrone = new HashMap<>();
    // One deadline for all: a worker whose link broke holds its question for up to
    // WorkerDrone.CALL_TIMEOUT, an SSH drone cut off for the connect timeout; the other drones'
    // sessions must not wait that long.
    ask()
        .forEach(
            (name, answer) -> {
              if (answer.isPending()) {
                logBusy(name, answer.askedNow());
                busy.add(name);
              } else if (answer.failure() != null) {
                // Once per silence with its cause; then quietly until it answers or is lost.
                if (silentSince.containsKey(name)) {
                  LOG.debug("drone {} still does not answer", name, answer.failure());
                } else {
                  LOG.warn(
                      "drone {} did not answer; its sessions are checked each tick until it does"
                          + " (given up after drone_lost_after_secs)",
                      name,
                      answer.failure());
                }
                metrics.droneUnreachable(name);
                silent.add(name);
              } else {
                int count = 0;
                byDrone.put(name, answer.sessions());
                for (SessionState state : answer.sessions()) {
                  sessions.put(state.sessionId(), state);
                  if (state.running()) {
                    count++;
                  }
                }
                running.put(name, count);
                metrics.dronePolled(name, count);
              }
            });
    noteSilences(silent, byDrone.keySet());
    silent.addAll(busy);
    return new Poll(sessions, running, silent, byDrone);
  }

  private Map<String, DroneQuestions.Answer> ask() {
    try {
      return questions.ask(all(), answerWait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while polling the drones", e);
    }
  }

  private void logBusy(String name, boolean askedNow) {
    if (askedNow) {
      LOG.info(
          "drone {} has not answered within {}; it gets nothing new until it does",
          name,
          answerWait);
    } else {
      LOG.debug("drone {} is still busy with the last poll's question", name);
    }
  }

  /**
   * Starts the silence of the drones that did not answer and gives up those silent past {@code
   * drone_lost_after_secs}; ends the silence of those that answered.
   */
  private void noteSilences(Set<String> silent, Set<String> answered) {
    java.time.Instant now = clock.instant();
    for (String name : silent) {
      java.time.Instant since = silentSince.computeIfAbsent(name, n -> now);
      if (java.time.Duration.between(since, now).compareTo(lostAfter) >= 0 && lost.add(name)) {
        LOG.warn(
            "drone {} silent since {} (over drone_lost_after_secs, {} s): its sessions are"
                + " given up as lost",
            name,
            since,
            lostAfter.toSeconds());
      }
    }
    for (String name : answered) {
      silentSince.remove(name);
      if (lost.remove(name)) {
        returned.add(name);
        LOG.info("drone {} answers again after it was given up as lost", name);
      }
    }
  }

  /**
   * Hands out {@code wanted} new sessions over the drones that answered and are enabled, each up to
   * {@code capacity} running, the emptiest first; the poll's counts grow by what was handed out, so
   * later calls in the same tick see it.
   *
   * @return one drone name per session given out; fewer than {@code wanted} when full
   */
  public List<String> assign(int wanted, Poll poll, int capacity) {
    List<String> usable = new ArrayList<>();
    for (Drone drone : all()) {
      if (!poll.silent().contains(drone.name())
          && !disabled.contains(drone.name())
          && !draining.contains(drone.name())) {
        usable.add(drone.name());
      }
    }
    Map<String, Integer> load = poll.running();
    List<String> out = new ArrayList<>(wanted);
    while (out.size() < wanted) {
      String best = null;
      int least = capacity;
      for (String name : usable) {
        int running = load.getOrDefault(name, 0);
        if (running < least) {
          best = name;
          least = running;
        }
      }
      if (best == null) {
        break;
      }
      load.merge(best, 1, Integer::sum);
      out.add(best);
    }
    return out;
  }

  /** Free slots over the enabled drones that answered. */
  public int freeSlots(Poll poll, int capacity) {
    int free = 0;
    for (Drone drone : all()) {
      if (!poll.silent().contains(drone.name())
          && !disabled.contains(drone.name())
          && !draining.contains(drone.name())) {
        free += Math.max(0, capacity - poll.running().getOrDefault(drone.name(), 0));
      }
    }
    return free;
  }
}
