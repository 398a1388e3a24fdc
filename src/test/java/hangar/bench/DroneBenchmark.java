package hangar.bench;

import hangar.autoserv.SessionSpec;
import hangar.drone.LocalDrone;
import hangar.drone.SessionState;
import hangar.lab.ControlType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The drone protocol under load: a real drone daemon whose sessions pass at once takes {@code
 * --sessions} sessions (default 5,000) in {@code start-all} requests of {@code --batch} (100), and
 * is asked for its sessions and told to forget them the same way. Prints how long each kind of
 * request took (p50, p99) and sessions started per second. Run it with {@code bin/benchmark drone
 * [--sessions N] [--batch N]}; see docs/performance.md.
 */
public final class DroneBenchmark {
  private DroneBenchmark() {}

  /** Entry point; arguments as the class comment says. */
  public static void main(String[] args) throws Exception {
    int sessions = 5_000;
    int batch = 100;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--sessions" -> sessions = Integer.parseInt(args[i + 1]);
        case "--batch" -> batch = Integer.parseInt(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + "; use --sessions N --batch N");
      }
    }
    Path dir = Files.createTempDirectory("hangar-drone-bench");
    LocalDrone drone = LocalDrone.create(dir.resolve("drone"), BenchmarkSessionRunner.class);
    try {
      int rounds = sessions / batch;
      long[] starts = new long[rounds];
      long[] polls = new long[rounds];
      long[] forgets = new long[rounds];
      long begin = System.nanoTime();
      for (int r = 0; r < rounds; r++) {
        List<SessionSpec> specs = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
          String id = "s-" + r + "-" + i;
          specs.add(
              new SessionSpec(
                  id,
                  r,
                  "admin",
                  "bench",
                  ControlType.CLIENT,
                  "pass",
                  List.of("host" + i),
                  dir.resolve("results").resolve(id)));
        }
        long t0 = System.nanoTime();
        drone.startAll(specs);
        starts[r] = System.nanoTime() - t0;
        t0 = System.nanoTime();
        List<SessionState> known = drone.sessions();
        polls[r] = System.nanoTime() - t0;
        List<String> done =
            known.stream().filter(s -> !s.running()).map(SessionState::sessionId).toList();
        t0 = System.nanoTime();
        drone.forgetAll(done);
        forgets[r] = System.nanoTime() - t0;
      }
      double seconds = (System.nanoTime() - begin) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "RESULT sessions=%d batch=%d start_all_p50_ms=%.1f start_all_p99_ms=%.1f"
              + " sessions_p50_ms=%.1f forget_all_p50_ms=%.1f started_per_s=%.0f%n",
          rounds * batch,
          batch,
          p(starts, 0.5),
          p(starts, 0.99),
          p(polls, 0.5),
          p(forgets, 0.5),
          rounds * batch / seconds);
    } finally {
      drone.shutdown();
    }
  }

  private static double p(long[] nanos, double q) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }
}
