package hangar.autoserv;

import hangar.host.SshHost;
import hangar.host.TestHost;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** {@code job.parallel} and {@code parallel_simple}: runs closures side by side as branches. */
final class Branches {
  private final SessionState state;
  private final Barriers barriers;

  /** Numbers the branches' status logs across the session. */
  private final AtomicInteger count = new AtomicInteger();

  Branches(SessionState state, Barriers barriers) {
    this.state = state;
    this.barriers = barriers;
  }

  /**
   * {@code job.parallel}: runs each closure at once on its own thread against the host of {@code
   * current}; returns when all are done. Each branch writes its own status log (under {@code
   * debug/}); they are copied into the current one in order, so the nesting stays right.
   */
  void parallel(Session current, List<BranchBody> bodies) {
    List<Branch> work = new ArrayList<>();
    for (BranchBody body : bodies) {
      work.add(new Branch(current.host(), null, body));
    }
    runAll(current, work);
  }

  /**
   * {@code parallel_simple(closure, machines)}: calls the closure with each machine at the same
   * time, each in a branch whose tests run on that machine by default.
   *
   * @param body the branch of each machine
   */
  void parallelSimple(Session current, Function<Object, BranchBody> body, List<?> machines) {
    if (!state.isServerSide()) {
      throw new IllegalArgumentException("parallel_simple is for server-side control files");
    }
    List<Branch> work = new ArrayList<>();
    for (Object machine : machines) {
      // Each branch connects to its machine itself, so the machines are reached side by side.
      work.add(new Branch(null, String.valueOf(machine), body.apply(machine)));
    }
    barriers.participants(machines.size());
    try {
      runAll(current, work);
    } finally {
      barriers.participants(0);
    }
  }

  private void runAll(Session current, List<Branch> work) {
    state.checkNotAborted();
    DebugLog debug = state.debug();
    List<StatusLog> logs = new ArrayList<>();
    for (int i = 0; i < work.size(); i++) {
      int number = count.incrementAndGet();
      logs.add(
          current.status().branch(state.debugDir().resolve("parallel." + number + ".status.log")));
    }
    debug.info("parallel: running " + work.size() + " branches");
    boolean interrupted = false;
    Throwable failure = null;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < work.size(); i++) {
        StatusLog log = logs.get(i);
        Branch branch = work.get(i);
        running.add(threads.submit(() -> runBranch(current, branch, log)));
      }
      for (Future<?> future : running) {
        try {
          future.get();
        } catch (InterruptedException e) {
          interrupted = true;
          state.markAborted();
          running.forEach(f -> f.cancel(true));
        } catch (CancellationException e) {
          // Cancelled by the abort above; its branch ends on its own and is absorbed below.
          debug.info("parallel: a branch was cancelled by the abort");
        } catch (ExecutionException e) {
          // runBranch records what it catches; anything else is a bug, reported once all ended.
          failure = e.getCause();
        }
      }
    }
    // Every branch has ended (the executor waited): their lines go in, in order, whatever happened.
    for (StatusLog log : logs) {
      log.endAll(StatusCode.ABORT, Session.ABORT_REASON);
      current.status().absorb(log);
      log.close();
    }
    if (interrupted || state.isAborted()) {
      throw new SessionAbortedException(Session.ABORT_REASON + " during job.parallel");
    }
    if (failure != null) {
      throw new IllegalStateException("parallel branch failed: " + failure, failure);
    }
  }

  /** Runs one branch in a sibling session with its own status log, on the caller's thread. */
  private void runBranch(Session current, Branch branch, StatusLog log) {
    TestHost on = branch.host();
    if (branch.machine() != null) {
      try {
        on = state.hosts().create(branch.machine()).host();
      } catch (InterruptedException e) {
        state.markAborted();
        return;
      } catch (RuntimeException e) {
        state.debug().info(branch.machine() + ": " + e.getMessage(), e);
        if (e instanceof SshHost.HostConnectException) {
          state.markHostFailed();
        }
        log.record(StatusCode.ERROR, "", "", branch.machine() + ": " + e.getMessage());
        return;
      }
    }
    try {
      branch.body().run(current.branch(on, log));
    } catch (InterruptedException | SessionAbortedException e) {
      state.markAborted();
    }
  }

  /**
   * One branch of a parallel run.
   *
   * @param host the host its tests run on by default, or null when {@code machine} names it
   * @param machine the machine the branch connects to itself (parallel_simple), or null
   * @param body what the branch runs
   */
  private record Branch(TestHost host, String machine, BranchBody body) {}
}
