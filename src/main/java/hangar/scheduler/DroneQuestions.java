package hangar.scheduler;

import hangar.HangarException;
import hangar.drone.Drone;
import hangar.drone.SessionState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The poll's question to each drone, "which sessions do you have?": every drone is asked on a
 * thread of its own, and the answers are waited for with one deadline. A drone that has not
 * answered by then keeps its question; it is not asked again until it has answered, and the next
 * poll takes that answer.
 */
final class DroneQuestions {
  private final Map<String, CompletableFuture<List<SessionState>>> asked =
      new ConcurrentHashMap<>();
  private final ExecutorService threads =
      Executors.newThreadPerTaskExecutor(
          Thread.ofVirtual().name("hangar-drone-poll-", 0).factory());

  /**
   * What one drone said by the deadline: its sessions, why it could not be reached, or neither when
   * it is still busy with the question.
   *
   * @param sessions its sessions, or null
   * @param failure why it could not be reached, or null
   * @param askedNow true when the question went out in this poll
   */
  record Answer(List<SessionState> sessions, HangarException failure, boolean askedNow) {
    /** True while the drone is still busy with the question. */
    boolean isPending() {
      return sessions == null && failure == null;
    }
  }

  /**
   * Asks every drone not busy with an earlier question, and waits up to {@code wait} in all.
   *
   * @return one answer per drone, in their order
   * @throws IllegalStateException if asking a drone failed for another reason than its being
   *     unreachable: a bug
   */
  Map<String, Answer> ask(List<Drone> drones, Duration wait) throws InterruptedException {
    Map<String, Boolean> askedNow = new LinkedHashMap<>();
    for (Drone drone : drones) {
      askedNow.put(drone.name(), !asked.containsKey(drone.name()));
      asked.computeIfAbsent(
          drone.name(), name -> CompletableFuture.supplyAsync(drone::sessions, threads));
    }
    long deadline = System.nanoTime() + wait.toNanos();
    Map<String, Answer> answers = new LinkedHashMap<>();
    for (var drone : askedNow.entrySet()) {
      answers.put(drone.getKey(), await(drone.getKey(), drone.getValue(), deadline));
    }
    return answers;
  }

  private Answer await(String name, boolean askedNow, long deadline) throws InterruptedException {
    CompletableFuture<List<SessionState>> question = asked.get(name);
    try {
      List<SessionState> sessions =
          question.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      asked.remove(name, question);
      return new Answer(sessions, null, askedNow);
    } catch (TimeoutException e) {
      return new Answer(null, null, askedNow);
    } catch (ExecutionException e) {
      asked.remove(name, question);
      if (e.getCause() instanceof HangarException unreachable) {
        return new Answer(null, unreachable, askedNow);
      }
      throw new IllegalStateException("polling drone " + name + " failed", e.getCause());
    }
  }
}
