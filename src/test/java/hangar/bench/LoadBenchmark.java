package hangar.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import hangar.config.DbType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The server's memory and throughput under many API clients: starts {@code bin/hangar server} as
 * users do (same launcher, same JVM options) on a free port with a data directory of its own, sets
 * up a lab over the API, runs {@code --clients} clients (default 50) for {@code --seconds} (default
 * 60), then leaves the server idle for {@code --idle-seconds} (default 30); it is also left idle
 * that long right after it started, before the lab is set up. It samples the server's resident
 * memory ({@code VmRSS}), its peak ({@code VmHWM}) and threads from {@code /proc} before, during
 * and after, and prints them with the request counts in one {@code RESULT} line. Run it with {@code
 * bin/benchmark load [--clients N] [--seconds N] [--idle-seconds N] [--db h2|postgresql|mysql]};
 * {@code HANGAR_JAVA_OPTS} reaches the server as it does through {@code bin/hangar}; {@code --jcmd
 * true} prints the server's heap and native memory as {@code jcmd} sees them. See
 * docs/performance.md.
 */
public final class LoadBenchmark {
  private static final Pattern READY = Pattern.compile("server ready on port (\\d+)");
  // bin/hangar builds the distribution first when the sources are newer than it.
  private static final Duration START_UP = Duration.ofMinutes(10);

  private LoadBenchmark() {}

  /** Entry point; arguments as the class comment says. */
  public static void main(String[] args) throws Exception {
    int clients = 50;
    int seconds = 60;
    int idleSeconds = 30;
    DbType db = DbType.H2;
    boolean jcmd = false;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--clients" -> clients = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        case "--idle-seconds" -> idleSeconds = Integer.parseInt(args[i + 1]);
        case "--db" -> db = DbType.valueOf(args[i + 1].toUpperCase(Locale.ROOT));
        case "--jcmd" -> jcmd = Boolean.parseBoolean(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; use --clients N --seconds N --idle-seconds N --db h2|postgresql|mysql");
      }
    }
    try (ServerProcess server = ServerProcess.start(db, java.util.Map.of(), "tick_pause_sec: 5")) {
      long pid = server.pid();
      String url = server.url();
      String token = server.token();
      // A fresh server left idle: what an all-in-one server costs before it has any lab.
      Thread.sleep(idleSeconds * 1000L); // the idle time is what is measured
      long rssFresh = ServerProcess.status(pid, "VmRSS");
      System.err.printf(
          Locale.ROOT, "benchmark: fresh server idle %d s: %d MB%n", idleSeconds, rssFresh / 1024);
      LoadClients load = new LoadClients(url, token);
      load.setUp();
      long rssBefore = ServerProcess.status(pid, "VmRSS");
      long threadsBefore = ServerProcess.status(pid, "Threads");
      System.err.printf(
          Locale.ROOT,
          "benchmark: lab set up; server at %d MB, %d threads; %d clients for %d s%n",
          rssBefore / 1024,
          threadsBefore,
          clients,
          seconds);

      Sampler sampler = new Sampler(pid);
      Thread sampling = Thread.ofPlatform().daemon().name("rss-sampler").start(sampler);
      long started = System.nanoTime();
      load.run(clients, Instant.now().plusSeconds(seconds));
      double loadSeconds = (System.nanoTime() - started) / 1e9;
      long rssEndOfLoad = ServerProcess.status(pid, "VmRSS");
      sampling.interrupt();
      sampling.join();
      System.err.printf(
          Locale.ROOT,
          "benchmark: load over, server at %d MB; idle for %d s%n",
          rssEndOfLoad / 1024,
          idleSeconds);
      long rssMinIdle = rssEndOfLoad;
      Instant idleEnd = Instant.now().plusSeconds(idleSeconds);
      while (Instant.now().isBefore(idleEnd)) {
        Thread.sleep(1000); // a sampling period: the idle server is what is measured
        rssMinIdle = Math.min(rssMinIdle, ServerProcess.status(pid, "VmRSS"));
      }
      long rssAfter = ServerProcess.status(pid, "VmRSS");
      long threadsAfter = ServerProcess.status(pid, "Threads");
      long hwm = ServerProcess.status(pid, "VmHWM");
      if (jcmd) {
        printJcmd(pid, "GC.heap_info");
        printJcmd(pid, "VM.native_memory", "summary");
      }
      load.byKind().forEach((kind, n) -> System.out.println("REQUESTS " + kind + " " + n));
      load.firstErrors().forEach(e -> System.out.println("ERROR " + e));
      System.out.printf(
          Locale.ROOT,
          "RESULT db=%s clients=%d seconds=%d requests=%d errors=%d requests_per_s=%.0f"
              + " rss_fresh_idle_mb=%d rss_before_mb=%d rss_peak_mb=%d rss_end_of_load_mb=%d rss_after_idle_mb=%d"
              + " rss_min_idle_mb=%d vm_hwm_mb=%d threads_before=%d threads_peak=%d"
              + " threads_after=%d%n",
          db.name().toLowerCase(Locale.ROOT),
          clients,
          seconds,
          load.requests(),
          load.errors(),
          load.requests() / loadSeconds,
          rssFresh / 1024,
          rssBefore / 1024,
          Math.max(sampler.peakRss.get(), rssEndOfLoad) / 1024,
          rssEndOfLoad / 1024,
          rssAfter / 1024,
          rssMinIdle / 1024,
          hwm / 1024,
          threadsBefore,
          Math.max(sampler.peakThreads.get(), threadsBefore),
          threadsAfter);
    }
  }

  /**
   * Prints what {@code jcmd PID COMMAND} says about the server (the native memory summary needs the
   * server started with {@code HANGAR_JAVA_OPTS=-XX:NativeMemoryTracking=summary}).
   */
  private static void printJcmd(long pid, String... command)
      throws IOException, InterruptedException {
    java.util.List<String> line = new java.util.ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    line.add(Long.toString(pid));
    line.addAll(java.util.List.of(command));
    Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    p.waitFor();
    System.err.println("benchmark: " + String.join(" ", command) + ":\n" + out);
  }

  /** Samples resident memory and threads once a second, printing every tenth sample. */
  private static final class Sampler implements Runnable {
    final AtomicLong peakRss = new AtomicLong();
    final AtomicLong peakThreads = new AtomicLong();
    private final long pid;

    Sampler(long pid) {
      this.pid = pid;
    }

    @Override
    public void run() {
      long start = System.nanoTime();
      for (int n = 0; !Thread.currentThread().isInterrupted(); n++) {
        long rss = ServerProcess.status(pid, "VmRSS");
        long threads = ServerProcess.status(pid, "Threads");
        peakRss.accumulateAndGet(rss, Math::max);
        peakThreads.accumulateAndGet(threads, Math::max);
        if (n % 10 == 0) {
          System.err.printf(
              Locale.ROOT,
              "benchmark: %5.1f s: server at %d MB, %d threads%n",
              (System.nanoTime() - start) / 1e9,
              rss / 1024,
              threads);
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
