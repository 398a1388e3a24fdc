package hangar.autoserv;

import hangar.host.TestHost;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code job.barrier}: holds each branch of a parallel_simple until all its machines arrive. */
final class Barriers {
  private final SessionState state;

  /** How many machines the running parallel_simple has; 0 outside one. */
  private final AtomicInteger participants = new AtomicInteger();

  private final Map<String, Rendezvous> open = new ConcurrentHashMap<>();

  Barriers(SessionState state) {
    this.state = state;
  }

  /** A parallel_simple of that many machines starts (or, with 0, has ended). */
  void participants(int machines) {
    participants.set(machines);
  }

  /**
   * {@code job.barrier(name, timeout)} from the branch whose machine is {@code host}.
   *
   * @throws IllegalArgumentException outside a server-side parallel_simple
   * @throws BarrierTimeoutException if not every machine arrives within the timeout
   */
  void barrier(TestHost host, String name, Duration timeout) throws InterruptedException {
    if (!state.isServerSide()) {
      throw new IllegalArgumentException("job.barrier is for server-side control files");
    }
    int parties = participants.get();
    if (parties == 0 || host == null) {
      throw new IllegalArgumentException(
          "job.barrier('"
              + name
              + "') holds the machines of a parallel_simple; call it inside one");
    }
    arrive(state.hosts().dirName(host), name, parties, timeout);
  }

  /**
   * {@code me} arrives at barrier {@code name} of {@code parties} machines and waits for the rest.
   * A barrier that times out is forgotten, so that its name starts afresh the next time.
   */
  void arrive(String me, String name, int parties, Duration timeout) throws InterruptedException {
    Rendezvous rendezvous = open.computeIfAbsent(name, n -> new Rendezvous(parties));
    DebugLog debug = state.debug();
    debug.info("barrier " + name + ": " + me + " arrived");
    if (!rendezvous.arrive(me, timeout, () -> open.remove(name, rendezvous))) {
      // The machines that came are not held to it: a later barrier of that name is a new one.
      open.remove(name, rendezvous);
      throw new BarrierTimeoutException(
          "barrier '"
              + name
              + "' timed out after "
              + timeout.toSeconds()
              + " s: "
              + rendezvous.arrived()
              + " of "
              + parties
              + " hosts arrived");
    }
    debug.info("barrier " + name + ": all " + parties + " hosts arrived; " + me + " goes on");
  }
}
