package hangar.bench;

import hangar.drone.RemoteDrone;
import hangar.scheduler.ResultsTransfer;
import hangar.testing.OpenSshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * How fast a finished session's results come back from an SSH drone, against plain {@code rsync} of
 * the same folder over the same SSH: a real sshd on a loopback address stands in for the drone,
 * with Hangar installed on it; the folder holds a few big files and many small ones.
 *
 * <p>{@code bin/benchmark transfer [--mb N] [--small N]} prints one RESULT line.
 */
public final class TransferBenchmark {
  private TransferBenchmark() {}

  public static void main(String[] args) throws Exception {
    int mb = 256;
    int small = 2000;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--mb" -> mb = Integer.parseInt(args[i + 1]);
        case "--small" -> small = Integer.parseInt(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + "; use --mb N --small N");
      }
    }
    Path dir = Files.createTempDirectory("hangar-transfer-bench");
    try (OpenSshServer sshd = OpenSshServer.start(dir.resolve("sshd"), "127.0.0.51")) {
      String install = dir.resolve("install").toString();
      RemoteDrone drone =
          new RemoteDrone(
              "127.0.0.51",
              sshd.user(),
              sshd.port(),
              install,
              sshd.clientSettings(),
              Clock.systemUTC());
      drone.ping(); // installs Hangar and starts the daemon, outside the timings
      Path folder = Files.createDirectories(Path.of(install, "results", "1-bench", "host"));
      Random random = new Random(42);
      byte[] block = new byte[1 << 20];
      for (int i = 0; i < mb; i++) {
        random.nextBytes(block);
        Files.write(
            folder.resolve("big-" + (i % 8)),
            block,
            java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
      }
      byte[] line = new byte[2048];
      for (int i = 0; i < small; i++) {
        random.nextBytes(line);
        Files.write(
            Files.createDirectories(folder.resolve("debug/d" + (i % 50))).resolve("f" + i), line);
      }
      long bytes;
      try (var walk = Files.walk(folder)) {
        bytes = walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
      double megabytes = bytes / 1e6;

      long start = System.nanoTime();
      List<String> plain =
          new ArrayList<>(
              List.of(
                  "rsync",
                  "-a",
                  "-e",
                  drone.sshCommandLine(),
                  drone.rsyncSource("1-bench/host"),
                  dir.resolve("plain") + "/"));
      Process rsync = new ProcessBuilder(plain).inheritIO().start();
      if (rsync.waitFor() != 0) {
        throw new IllegalStateException("plain rsync failed");
      }
      double plainS = (System.nanoTime() - start) / 1e9;

      double withRsync = timed(new ResultsTransfer(dir.resolve("server-a"), 1, null, true), drone);
      double overProtocol =
          timed(new ResultsTransfer(dir.resolve("server-b"), 1, null, false), drone);
      drone.shutdown();
      System.out.printf(
          "RESULT mb=%.1f files=%d plain_rsync_s=%.2f (%.1f MB/s) hangar_rsync_verified_s=%.2f"
              + " (%.1f MB/s) hangar_protocol_verified_s=%.2f (%.1f MB/s)%n",
          megabytes,
          small + Math.min(mb, 8),
          plainS,
          megabytes / plainS,
          withRsync,
          megabytes / withRsync,
          overProtocol,
          megabytes / overProtocol);
    }
  }

  private static double timed(ResultsTransfer transfer, RemoteDrone drone) throws Exception {
    long start = System.nanoTime();
    try (transfer) {
      while (true) {
        ResultsTransfer.State state = transfer.poll(drone, "1-bench/host");
        if (state == ResultsTransfer.State.VERIFIED) {
          return (System.nanoTime() - start) / 1e9;
        }
        if (state == ResultsTransfer.State.FAILED) {
          throw new IllegalStateException(
              "transfer failed: " + transfer.error(drone, "1-bench/host"));
        }
        Thread.sleep(20);
      }
    }
  }
}
