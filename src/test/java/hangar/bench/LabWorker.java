package hangar.bench;

import hangar.testing.HangarProcess;
import hangar.testing.TcpProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * The lab's worker: a {@code hangar drone --master} process with a heartbeat of 1 s that dials the
 * server through a loopback {@link TcpProxy}, its link, which the campaign cuts, turns into a black
 * hole, or slows down.
 */
final class LabWorker implements AutoCloseable {
  /** Its drone name. */
  static final String NAME = "w1";

  private final TcpProxy link;
  private final Path dir;
  private final Path config;
  private final String token;
  private HangarProcess process;

  private LabWorker(TcpProxy link, Path dir, Path config, String token) {
    this.link = link;
    this.dir = dir;
    this.config = config;
    this.token = token;
  }

  /**
   * Opens its link to the server; the process starts with {@link #start}.
   *
   * @param dir its drone folder
   * @param token the token the server gave it
   */
  static LabWorker create(int serverPort, Path dir, Path config, String token) throws IOException {
    return new LabWorker(
        TcpProxy.to(new InetSocketAddress("127.0.0.1", serverPort)), dir, config, token);
  }

  /** Its drone folder, where its daemon runs. */
  Path dir() {
    return dir;
  }

  /** Starts the worker process, appending its output to {@code log}. */
  void start(Path log) {
    process =
        HangarProcess.start(
            log,
            "drone",
            "--dir",
            dir.toString(),
            "--master",
            "http://127.0.0.1:" + link.port(),
            "--name",
            NAME,
            "--token",
            token,
            "--heartbeat",
            "1",
            "--config",
            config.toString());
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The worker process's pid, if it runs. */
  java.util.Optional<Long> pid() {
    return isAlive() ? java.util.Optional.of(process.pid()) : java.util.Optional.empty();
  }

  void kill() {
    process.kill();
  }

  /** Every connection closed, new ones refused. */
  void cutLink() throws IOException {
    link.cut();
  }

  /** Connections stay open and carry nothing; new ones are accepted and never answered. */
  void blackholeLink() {
    link.blackhole();
  }

  void restoreLink() throws IOException {
    link.restore();
  }

  /** Paces the link to {@code bytesPerSecond} each way; 0 lifts the limit. */
  void paceLink(long bytesPerSecond) {
    link.limit(bytesPerSecond);
  }

  /** Stops the worker process as its service manager would (SIGTERM). */
  void stop() {
    if (process != null) {
      process.close();
      process = null;
    }
  }

  /** Stops the process and closes the link; its drone daemon is the lab's to stop. */
  @Override
  public void close() throws IOException {
    stop();
    link.close();
  }
}
