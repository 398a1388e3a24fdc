package hangar.bench;

import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.drone.Drone;
import hangar.drone.RemoteDrone;
import hangar.drone.WorkerDrone;
import hangar.scheduler.ResultsTransfer;
import hangar.server.ServerRole;
import hangar.testing.HangarProcess;
import hangar.testing.OpenSshServer;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * How fast a finished session's results come back, against plain {@code rsync} of the same folder
 * over the same SSH: from an SSH drone (a real sshd on a loopback address, Hangar installed behind
 * it) with rsync and file by file over the drone protocol, and from a worker (a real {@code hangar
 * drone --master} process linked to a real server) streaming the folder over its link. The folder
 * holds a few big files and many small ones. Every copy is checked against the drone's SHA-256s.
 *
 * <p>{@code bin/benchmark transfer [--mb N] [--small N] [--runs N]} prints one RUN line per run
 * (after one warm-up run that is not counted) and one RESULT line with each way's median and range.
 */
public final class TransferBenchmark {
  private static final String FOLDER = "1-bench/host";

  private TransferBenchmark() {}

  public static void main(String[] args) throws Exception {
    int mb = 256;
    int small = 2000;
    int runs = 1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--mb" -> mb = Integer.parseInt(args[i + 1]);
        case "--small" -> small = Integer.parseInt(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + "; use --mb N --small N --runs N");
      }
    }
    Path dir = Files.createTempDirectory("hangar-transfer-bench");
    DatabaseSettings database = TestDatabases.fresh(DbType.H2);
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), database);
    ServerRole server =
        ServerRole.start(
            GlobalConfig.load(config), dir.resolve("var"), "127.0.0.1", 0, Clock.systemUTC());
    HangarProcess workerProcess = null;
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
      long bytes = fill(Path.of(install, "results", FOLDER), mb, small);

      LabApi api = new LabApi("http://127.0.0.1:" + server.port(), server.adminToken());
      String token =
          api.createWorker("w1").required("creating worker w1").json().get("token").asText();
      Path workerDir = dir.resolve("w1/drone");
      workerProcess =
          HangarProcess.start(
              dir.resolve("worker.log"),
              "drone",
              "--dir",
              workerDir.toString(),
              "--master",
              "http://127.0.0.1:" + server.port(),
              "--name",
              "w1",
              "--token",
              token);
      WorkerDrone worker = server.worker("w1").orElseThrow();
      fill(workerDir.resolveSibling("results").resolve(FOLDER), mb, small);
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!worker.connected()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the worker did not link within 60 s; see " + dir.resolve("worker.log"));
        }
        Thread.sleep(50);
      }

      double megabytes = bytes / 1e6;
      List<double[]> all = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        double plain = plainRsync(drone, dir.resolve("plain-" + run));
        double rsync =
            timed(new ResultsTransfer(dir.resolve("rsync-" + run), 1, null, true), drone);
        double protocol =
            timed(new ResultsTransfer(dir.resolve("protocol-" + run), 1, null, false), drone);
        double linked = timed(new ResultsTransfer(dir.resolve("worker-" + run), 1), worker);
        all.add(new double[] {plain, rsync, protocol, linked});
        System.out.printf(
            "RUN %d plain_rsync_s=%.2f hangar_rsync_s=%.2f (%.0f %%) ssh_file_by_file_s=%.2f"
                + " (%.0f %%) worker_stream_s=%.2f (%.0f %%)%n",
            run,
            plain,
            rsync,
            100 * plain / rsync,
            protocol,
            100 * plain / protocol,
            linked,
            100 * plain / linked);
        for (String copy : List.of("plain-", "rsync-", "protocol-", "worker-")) {
          LabSite.deleteTree(dir.resolve(copy + run));
        }
      }
      drone.shutdown();
      System.out.printf(
          "RESULT mb=%.1f files=%d runs=%d plain_rsync_s=%s hangar_rsync_s=%s ssh_file_by_file_s=%s"
              + " worker_stream_s=%s; of plain rsync (median, min-max): hangar_rsync=%s"
              + " ssh_file_by_file=%s worker_stream=%s (MB/s at the medians: %.0f, %.0f, %.0f, %.0f)%n",
          megabytes,
          small + Math.min(mb, 8),
          runs,
          spread(all, 0),
          spread(all, 1),
          spread(all, 2),
          spread(all, 3),
          share(all, 1),
          share(all, 2),
          share(all, 3),
          megabytes / median(all, 0),
          megabytes / median(all, 1),
          megabytes / median(all, 2),
          megabytes / median(all, 3));
    } finally {
      if (workerProcess != null) {
        workerProcess.close();
        hangar.testing.CliRunner.run(
            "drone", "--dir", dir.resolve("w1/drone").toString(), "--stop");
      }
      server.closeWithDrone();
      TestDatabases.drop(database);
      LabSite.deleteTree(dir);
    }
  }

  /** Writes the folder: {@code mb} MiB in up to eight big files, and {@code small} 2 KiB files. */
  private static long fill(Path folder, int mb, int small) throws Exception {
    Files.createDirectories(folder);
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
    try (var walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void settle() throws Exception {
    if (new ProcessBuilder("sync").inheritIO().start().waitFor() != 0) {
      throw new IllegalStateException("sync failed");
    }
  }

  private static double plainRsync(RemoteDrone drone, Path into) throws Exception {
    long start = System.nanoTime();
    Process rsync =
        new ProcessBuilder(
                "rsync", "-a", "-e", drone.sshCommandLine(), drone.rsyncSource(FOLDER), into + "/")
            .inheritIO()
            .start();
    if (rsync.waitFor() != 0) {
      throw new IllegalStateException("plain rsync failed");
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static double timed(ResultsTransfer transfer, Drone drone) throws Exception {
    long start = System.nanoTime();
    try (transfer) {
      while (true) {
        ResultsTransfer.State state = transfer.poll(drone, FOLDER);
        if (state == ResultsTransfer.State.VERIFIED) {
          return (System.nanoTime() - start) / 1e9;
        }
        if (state == ResultsTransfer.State.FAILED) {
          throw new IllegalStateException("transfer failed: " + transfer.error(drone, FOLDER));
        }
        Thread.sleep(5);
      }
    }
  }

  private static double median(List<double[]> all, int column) {
    double[] values = all.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return values[values.length / 2];
  }

  private static String spread(List<double[]> all, int column) {
    double[] values = all.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return String.format(
        "%.2f(%.2f-%.2f)", values[values.length / 2], values[0], values[values.length - 1]);
  }

  /** Plain rsync's time over this way's, in per cent, per run: median (min-max). */
  private static String share(List<double[]> all, int column) {
    double[] values = all.stream().mapToDouble(r -> 100 * r[0] / r[column]).sorted().toArray();
    return String.format(
        "%.0f%%(%.0f-%.0f)", values[values.length / 2], values[0], values[values.length - 1]);
  }
}
