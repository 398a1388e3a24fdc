package hangar.drone;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.HangarException;
import hangar.PrivateFiles;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drone process: serves the drone protocol on {@code <droneDir>/drone.sock} and runs sessions.
 * One daemon per drone folder, guaranteed by a lock on {@code <droneDir>/drone.lock} (which holds
 * its pid). Sessions are recorded under {@code <droneDir>/sessions}, so a restarted daemon reports
 * what its predecessor ran.
 *
 * <p>{@code hangar drone --dir DIR} runs one in the foreground; {@link LocalDrone#create} starts
 * one as a detached child process.
 */
public final class DroneDaemon implements AutoCloseable {
  /** The socket the daemon listens on, inside the drone folder. */
  public static final String SOCKET_FILE = "drone.sock";

  /** The lock (and pid) file, inside the drone folder. */
  public static final String LOCK_FILE = "drone.lock";

  /** The log a detached daemon's output is appended to, inside the drone folder. */
  public static final String LOG_FILE = "drone.log";

  /** How long a stop waits for aborted sessions to record their outcome. */
  public static final Duration DEFAULT_STOP_WAIT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(DroneDaemon.class);

  private final Path droneDir;
  private final FileChannel lockChannel;
  private final ServerSocketChannel server;
  private final SessionJournal journal;
  private final SessionTable sessions;
  private final RequestHandler handler;
  private final AtomicBoolean stopping = new AtomicBoolean();
  // Set on a connection's thread by a shutdown request: the stop starts once its reply is written,
  // so that a loaded machine cannot end the process between the decision and the answer.
  private final ThreadLocal<Boolean> stopAfterReply = new ThreadLocal<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  // The control plane runs on platform threads: with hundreds of sessions keeping every carrier of
  // the virtual threads busy, the scheduler's requests must still be answered in time.
  private final ThreadFactory connections =
      Thread.ofPlatform().daemon().name("hangar-drone-connection-", 1).factory();

  private DroneDaemon(
      Path droneDir,
      FileChannel lockChannel,
      ServerSocketChannel server,
      SessionJournal journal,
      SessionTable sessions,
      ObjectMapper json,
      String settings) {
    this.droneDir = droneDir;
    this.lockChannel = lockChannel;
    this.server = server;
    this.journal = journal;
    this.sessions = sessions;
    this.handler =
        new RequestHandler(
            sessions,
            new ResultsFiles(ResultsFiles.rootOf(droneDir)),
            json,
            () -> stopAfterReply.set(Boolean.TRUE),
            settings);
  }

  /**
   * Takes the drone folder, recovers the sessions a previous daemon left, and starts serving.
   *
   * @param droneDir the drone folder; created if missing (readable by the owner only)
   * @param runner runs each session ({@link SessionRunner#autoserv} in production)
   * @param clock stamps session start and end
   * @return the running daemon
   * @throws DroneAlreadyRunningException if another live daemon holds the folder
   * @throws HangarException if the folder, the lock, the records or the socket fail
   */
  public static DroneDaemon start(Path droneDir, SessionRunner runner, Clock clock) {
    return start(droneDir, runner, clock, null);
  }

  /**
   * As {@link #start(Path, SessionRunner, Clock)}, reporting {@code settings} on {@code ping}.
   *
   * @param settings the digest of the settings {@code runner} was made with ({@link
   *     DroneSettings}), or null
   */
  public static DroneDaemon start(
      Path droneDir, SessionRunner runner, Clock clock, String settings) {
    Path dir = droneDir.toAbsolutePath().normalize();
    Held held = lock(dir);
    FileChannel lock = held.channel();
    SessionJournal journal = null;
    try {
      ObjectMapper json = DroneJson.create();
      journal = SessionJournal.open(dir, json);
      SessionTable sessions = new SessionTable(journal, runner, clock);
      sessions.recover(held.previousPid());
      DroneDaemon daemon = new DroneDaemon(dir, lock, bind(dir), journal, sessions, json, settings);
      Thread.ofPlatform().daemon().name("hangar-drone-accept").start(daemon::acceptLoop);
      LOG.info("drone daemon pid={} serving {}", ProcessHandle.current().pid(), daemon.socket());
      return daemon;
    } catch (IOException | RuntimeException e) {
      closeQuietly(journal);
      closeQuietly(lock);
      if (e instanceof HangarException he) {
        throw he;
      }
      throw new HangarException(
          "drone cannot start in " + dir + ": " + e + "; check the folder's owner and space", e);
    }
  }

  /** The socket this daemon serves. */
  public Path socket() {
    return droneDir.resolve(SOCKET_FILE);
  }

  /**
   * Waits until the daemon stopped (after a {@code shutdown} request or {@link #close}).
   *
   * @return false if it still runs after {@code timeout}
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Waits until the daemon stopped; for {@code hangar drone} in the foreground. */
  public void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops serving, aborts running sessions (recorded as ABORT, "drone shut down while the session
   * ran") waiting up to {@link #DEFAULT_STOP_WAIT} for them, removes the socket and releases the
   * folder. Idempotent; a second call returns at once.
   */
  @Override
  public void close() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    LOG.info("drone daemon stopping");
    closeQuietly(server);
    sessions.close(DEFAULT_STOP_WAIT);
    closeQuietly(journal);
    try {
      Files.deleteIfExists(socket());
    } catch (IOException e) {
      LOG.warn("cannot remove {}; the next daemon removes it", socket(), e);
    }
    closeQuietly(lockChannel);
    LOG.info("drone daemon stopped");
    stopped.countDown();
  }

  /** The Hangar version of this build, or "development" when run from classes. */
  static String version() {
    String version = DroneDaemon.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  private void stopInBackground() {
    Thread.ofPlatform().name("hangar-drone-stop").start(this::close);
  }

  private void acceptLoop() {
    while (!stopping.get()) {
      try {
        SocketChannel channel = server.accept();
        connections.newThread(() -> serve(channel)).start();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException | RuntimeException e) {
        LOG.error("drone cannot accept a connection; carrying on", e);
      }
    }
  }

  private void serve(SocketChannel channel) {
    try (channel) {
      Lines lines = new Lines(Channels.newInputStream(channel), Channels.newOutputStream(channel));
      String line;
      while ((line = lines.read()) != null) {
        try {
          lines.write(handler.handle(line));
        } finally {
          // Sessions taken start once the request is answered (or has failed, or its caller has
          // gone); with them, any another connection's request took meanwhile.
          sessions.launchTaken();
          if (stopAfterReply.get() != null) {
            stopAfterReply.remove();
            stopInBackground();
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("drone connection dropped", e);
    } catch (RuntimeException e) {
      LOG.error("drone connection failed; bug", e);
    }
  }

  /** The lock taken, and the pid the daemon before this one wrote into it (0 when none did). */
  private record Held(FileChannel channel, long previousPid) {}

  private static Held lock(Path dir) {
    try {
      PrivateFiles.createDirectories(dir);
      FileChannel channel =
          FileChannel.open(
              dir.resolve(LOCK_FILE),
              java.util.Set.of(
                  StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
              PrivateFiles.fileAttributes());
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // this very JVM already runs a daemon on the folder
      }
      if (lock == null) {
        String pid = new String(Files.readAllBytes(dir.resolve(LOCK_FILE)), UTF_8).strip();
        channel.close();
        throw new DroneAlreadyRunningException(
            "a drone daemon (pid "
                + (pid.isEmpty() ? "unknown" : pid)
                + ") already runs in "
                + dir
                + "; stop it with 'hangar drone --dir "
                + dir
                + " --stop' or use another --dir");
      }
      // Read through the locked channel: closing any other descriptor of the file would release
      // this process's lock on it (POSIX record locks belong to the process, not the descriptor).
      ByteBuffer previous = ByteBuffer.allocate(32);
      channel.read(previous, 0);
      long previousPid = Pids.parse(new String(previous.array(), 0, previous.position(), UTF_8));
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(UTF_8)), 0);
      channel.force(true);
      // Ours now: what an older version or another umask left open to others is narrowed.
      PrivateFiles.Tightened done = PrivateFiles.tighten(dir, p -> false);
      if (done.changed() > 0) {
        LOG.info(
            "drone folder {}: {} files and folders were readable by other users; made them"
                + " private (folders 0700, files 0600)",
            dir,
            done.changed());
      }
      if (!done.failed().isEmpty()) {
        LOG.warn("drone folder {}: cannot make private {}", dir, done.failed());
      }
      return new Held(channel, previousPid);
    } catch (IOException e) {
      throw new HangarException(
          "drone cannot lock " + dir.resolve(LOCK_FILE) + ": " + e + "; check the folder", e);
    }
  }

  private static ServerSocketChannel bind(Path dir) throws IOException {
    Path socket = dir.resolve(SOCKET_FILE);
    // We hold the lock, so a socket file left here belongs to a daemon that died.
    Files.deleteIfExists(socket);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      server.close();
      throw new HangarException(
          "drone cannot listen on "
              + socket
              + ": "
              + e
              + "; a Unix socket path must be shorter than about 100 bytes, choose a shorter --dir",
          e);
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    }
    return server;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("cannot close {}", closeable, e);
    }
  }
}
