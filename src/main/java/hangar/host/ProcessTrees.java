package hangar.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Kills a process together with everything it started: its descendants and, when it leads a process
 * group ({@link ProcessGroups}), every member of the group, found again after each signal.
 */
final class ProcessTrees {
  /** How long a process tree gets to exit after SIGTERM before it gets SIGKILL. */
  static final Duration KILL_GRACE = Duration.ofSeconds(2);

  private static final Duration POLL = Duration.ofMillis(10);

  private ProcessTrees() {}

  /**
   * Sends SIGTERM to the process's descendants and then to the process, waits up to {@code grace}
   * for all of them to exit, then SIGKILLs the survivors and waits for them. Descendants go first
   * because once their parent dies they are re-parented and can no longer be found from it.
   *
   * <p>Runs to the end even when the calling thread is interrupted; the interrupt flag is kept.
   */
  static void kill(ProcessHandle root, Duration grace) {
    boolean interrupted = Thread.interrupted();
    try {
      List<ProcessHandle> tree = everything(root);
      tree.forEach(ProcessHandle::destroy);
      long deadline = System.nanoTime() + grace.toNanos();
      List<ProcessHandle> survivors = new ArrayList<>();
      for (ProcessHandle process : tree) {
        if (!awaitExit(process, deadline - System.nanoTime())) {
          survivors.add(process);
        }
      }
      // A survivor may have forked after the first look; take the look again before SIGKILL.
      List<ProcessHandle> late = new ArrayList<>(everything(root));
      survivors.forEach(process -> late.addAll(process.descendants().toList()));
      late.addAll(survivors);
      late.forEach(ProcessHandle::destroyForcibly);
      for (ProcessHandle process : late) {
        awaitExit(process, KILL_GRACE.toNanos());
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The root, its descendants and the members of the group it leads, each once. */
  private static List<ProcessHandle> everything(ProcessHandle root) {
    java.util.LinkedHashSet<ProcessHandle> all = new java.util.LinkedHashSet<>();
    all.addAll(root.descendants().toList());
    all.addAll(ProcessGroups.members(root.pid()));
    all.add(root);
    return new ArrayList<>(all);
  }

  /**
   * Polls rather than waiting on {@link ProcessHandle#onExit}: for a process that is not our child,
   * the JDK waits until it is reaped, and an orphan whose shell died with it may sit as a zombie
   * for a while although it is already dead.
   */
  private static boolean awaitExit(ProcessHandle process, long nanos) {
    long deadline = System.nanoTime() + Math.max(0, nanos);
    while (process.isAlive()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !process.isAlive();
      }
    }
    return true;
  }
}
