package hangar.bench;

import hangar.testing.HangarProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The two {@code hangar scheduler} processes of a lab's {@link FaultLab.Topology#SPLIT} or {@link
 * FaultLab.Topology#TWO_MACHINES} topology; in the latter the second runs on {@link OtherMachine},
 * which is made the first time it is needed and kept until {@link #close()}.
 */
final class LabSchedulers {
  private static final int COUNT = 2;
  private static final Duration START_UP = Duration.ofSeconds(120);
  private static final Pattern RUNNING = Pattern.compile("Hangar scheduler .* running");
  private static final Pattern ADOPTED_FROM_OTHER =
      Pattern.compile(
          "scheduler " + OtherMachine.NAME + "-\\d+ is dead .* adopted its (\\d+) entries");

  /** Something held until closed; closing it cannot fail with a checked exception. */
  interface Hold extends AutoCloseable {
    @Override
    void close();
  }

  private final LabSite site;
  private final Function<String, Path> logs;
  private final List<HangarProcess> running = new ArrayList<>();
  private boolean onTwoMachines;
  private OtherMachine other;

  /**
   * @param logs a fresh log file for a process of the given role
   */
  LabSchedulers(LabSite site, Function<String, Path> logs) {
    this.site = site;
    this.logs = logs;
  }

  /** Starts both, the second on {@link OtherMachine} when {@code twoMachines}. */
  void start(boolean twoMachines) throws IOException {
    onTwoMachines = twoMachines;
    if (twoMachines && other == null) {
      other = OtherMachine.create(site.dir(), site.data());
    }
    for (int i = 0; i < COUNT; i++) {
      running.add(start(i));
    }
  }

  /** Starts again those that died; adds what it did, in words, to {@code healed}. */
  void heal(List<String> healed) {
    for (int i = 0; i < running.size(); i++) {
      if (!running.get(i).isAlive()) {
        healed.add("scheduler " + (i + 1) + " started again");
        running.set(i, start(i));
      }
    }
  }

  /** Kills the first; the second stands by. */
  void killFirst() {
    running.get(0).kill();
  }

  /** Kills the scheduler on {@link OtherMachine}; the one on this machine must take over. */
  void killOtherMachine() {
    requireTwoMachines();
    running.get(1).kill();
  }

  /**
   * Stops the scheduler on this machine (SIGSTOP) until the returned hold is closed (SIGCONT), so
   * that the one on {@link OtherMachine} claims the jobs submitted meanwhile. Keep it well under
   * the 3 s after which a silent scheduler is taken for dead.
   */
  Hold holdThisMachine() {
    requireTwoMachines();
    HangarProcess here = running.get(0);
    here.signal("STOP");
    return () -> here.signal("CONT");
  }

  /**
   * How many entries the scheduler on this machine took over from dead schedulers on {@link
   * OtherMachine}, once for each, as its log says; empty unless on two machines.
   */
  List<Integer> adoptedFromOtherMachine() {
    if (!onTwoMachines || running.isEmpty()) {
      return List.of();
    }
    return running.get(0).output(ADOPTED_FROM_OTHER).stream().map(Integer::valueOf).toList();
  }

  /** Adds the pids of the live schedulers and of the other machine's drone daemon. */
  void addPids(Set<Long> pids) {
    running.stream().filter(HangarProcess::isAlive).forEach(p -> pids.add(p.pid()));
    otherDrone().flatMap(DroneDaemons::pidOf).ifPresent(pids::add);
  }

  /** Stops them as an operator would. */
  void stop() {
    running.forEach(HangarProcess::close);
    running.clear();
  }

  /** Keeps the other machine's drone log in {@code logDir} and stops its drone daemon. */
  void closeOtherMachine(Path logDir) {
    otherDrone()
        .ifPresent(
            drone -> {
              DroneDaemons.keepLog(
                  logDir, drone.resolve("drone.log"), OtherMachine.NAME + "-drone.log");
              DroneDaemons.shutdown(drone);
            });
  }

  private Optional<Path> otherDrone() {
    return Optional.ofNullable(other).map(OtherMachine::droneDir);
  }

  private void requireTwoMachines() {
    if (!onTwoMachines || running.size() < COUNT) {
      throw new IllegalStateException("no scheduler runs on another machine");
    }
  }

  private HangarProcess start(int index) {
    String[] args = {
      "scheduler", "--data", site.data().toString(), "--config", site.config().toString()
    };
    HangarProcess scheduler =
        onTwoMachines && index == 1
            ? other.start(logs.apply("scheduler-" + OtherMachine.NAME), args)
            : HangarProcess.start(logs.apply("scheduler"), args);
    scheduler.awaitOutput(RUNNING, 1, START_UP);
    return scheduler;
  }
}
