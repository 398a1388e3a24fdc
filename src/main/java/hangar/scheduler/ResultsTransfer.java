package hangar.scheduler;

import hangar.PrivateFiles;
import hangar.drone.Drone;
import hangar.drone.DroneFile;
import hangar.drone.DroneRequestException;
import hangar.drone.RemoteDrone;
import hangar.drone.ResultsFiles;
import hangar.drone.WorkerDrone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies finished sessions' results folders from the drones that ran them into the server's results
 * folder, at most {@code max_transfer_processes} at once. A copy is taken only once every file is
 * checked whole, and a failed copy is tried again when asked next tick:
 *
 * <ul>
 *   <li>remote drones over SSH are copied with {@code rsync} when it is installed ({@link
 *       RsyncCopy}), which checks each file's whole-file checksum as it writes it;
 *   <li>workers stream the folder over their link ({@code send-folder}), each file's SHA-256
 *       computed by the worker as it reads and here as it is written;
 *   <li>other drones, and older workers, are read file by file over the drone protocol ({@link
 *       ProtocolCopy}), and the copy is then checked against the drone's sizes and SHA-256s.
 * </ul>
 */
public final class ResultsTransfer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResultsTransfer.class);

  /** Where a transfer stands. */
  public enum State {
    RUNNING,
    VERIFIED,
    FAILED
  }

  private record Progress(State state, String error) {}

  private final Path serverResults;
  private final Semaphore slots;
  private final int maxTransfers;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private volatile Runnable listener = () -> {};
  private final Map<String, Progress> transfers = new ConcurrentHashMap<>();
  private final boolean rsync;
  private final hangar.results.ResultsHost resultsHost;

  /**
   * Copies into the server's results folder, which is the results repository.
   *
   * @param serverResults the server's results folder, where copies go
   * @param maxTransfers {@code max_transfer_processes}
   */
  public ResultsTransfer(Path serverResults, int maxTransfers) {
    this(serverResults, maxTransfers, null);
  }

  /**
   * Copies into the server's results folder, then on to the results host, where each folder is
   * checked again before the server's copy is deleted.
   *
   * @param resultsHost the results host, or null when it is the server's machine
   */
  public ResultsTransfer(
      Path serverResults, int maxTransfers, hangar.results.ResultsHost resultsHost) {
    this(serverResults, maxTransfers, resultsHost, onPath("rsync") && onPath("ssh"));
  }

  /**
   * As the constructor without {@code rsync}, choosing whether SSH drones are copied with {@code
   * rsync} or over the drone protocol (as workers are): for the transfer benchmark.
   */
  public ResultsTransfer(
      Path serverResults,
      int maxTransfers,
      hangar.results.ResultsHost resultsHost,
      boolean useRsync) {
    this.resultsHost = resultsHost;
    this.serverResults = serverResults.toAbsolutePath().normalize();
    this.maxTransfers = maxTransfers;
    this.slots = new Semaphore(maxTransfers);
    this.rsync = useRsync;
  }

  /**
   * Where the copy of {@code relative} from {@code drone} stands, starting it when it has not
   * started or has failed before.
   *
   * @param relative the results folder relative to the drone's results root and the server's
   */
  public State poll(Drone drone, String relative) {
    String key = drone.name() + ":" + relative;
    Progress progress = transfers.get(key);
    if (progress == null || progress.state() == State.FAILED) {
      if (progress != null) {
        LOG.info("retrying the copy of {} from drone {}", relative, drone.name());
      }
      transfers.put(key, new Progress(State.RUNNING, null));
      workers.submit(() -> copy(key, drone, relative));
      return State.RUNNING;
    }
    return progress.state();
  }

  /**
   * Calls {@code listener} each time a copy succeeds, on the thread that did it: the scheduler
   * wakes to move the entry on at once.
   */
  public void whenDone(Runnable listener) {
    this.listener = java.util.Objects.requireNonNull(listener, "listener");
  }

  /** The last failure of a copy, or null. */
  public String error(Drone drone, String relative) {
    Progress progress = transfers.get(drone.name() + ":" + relative);
    return progress == null ? null : progress.error();
  }

  /** Forgets a copy once its entry finished. */
  public void done(Drone drone, String relative) {
    transfers.remove(drone.name() + ":" + relative);
  }

  /** True when results go on to a results host on another machine. */
  public boolean toResultsHost() {
    return resultsHost != null;
  }

  /** Copies running now: for the metrics and {@code drone list}. */
  public int running() {
    return maxTransfers - slots.availablePermits();
  }

  private void copy(String key, Drone drone, String relative) {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      transfers.put(key, new Progress(State.FAILED, "interrupted"));
      return;
    }
    long started = System.nanoTime();
    try {
      Path target = resolve(relative);
      if (drone.resultsRoot().isPresent()) {
        pull(drone, relative, target, started);
      }
      if (resultsHost != null && Files.isDirectory(target)) {
        long pushing = System.nanoTime();
        resultsHost.push(target, relative);
        PrivateFiles.deleteTree(target);
        try {
          // The job's folder goes with its last host's: the results host has it all now.
          Files.deleteIfExists(target.getParent());
        } catch (java.nio.file.DirectoryNotEmptyException e) {
          LOG.debug("{} still holds other hosts' results", target.getParent());
        }
        LOG.info(
            "sent {} to results host {} in {} ms, verified; the server's copy is deleted",
            relative,
            resultsHost,
            (System.nanoTime() - pushing) / 1_000_000);
      }
      transfers.put(key, new Progress(State.VERIFIED, null));
      listener.run();
    } catch (IOException | RuntimeException e) { // a copy's boundary: recorded and retried
      LOG.warn("copy of {} from drone {} failed; retried next tick", relative, drone.name(), e);
      transfers.put(key, new Progress(State.FAILED, e.toString()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      transfers.put(key, new Progress(State.FAILED, "interrupted"));
    } finally {
      slots.release();
    }
  }

  private void pull(Drone drone, String relative, Path target, long started)
      throws IOException, InterruptedException {
    String how;
    List<DroneFile> files;
    if (drone instanceof RemoteDrone remote && rsync) {
      files = RsyncCopy.copy(remote, relative, target);
      how = "with rsync";
    } else if (drone instanceof WorkerDrone worker
        && (files = streamed(worker, relative, target)) != null) {
      how = "streamed over the link";
    } else {
      files = drone.files(relative, true);
      ProtocolCopy.copy(drone, relative, target, files);
      refuseDifferences(verify(target, files));
      how = "file by file";
    }
    LOG.info(
        "copied {} from drone {} {}: {} files, {} bytes in {} ms, verified",
        relative,
        drone.name(),
        how,
        files.stream().filter(f -> !f.directory()).count(),
        files.stream().mapToLong(DroneFile::size).sum(),
        (System.nanoTime() - started) / 1_000_000);
  }

  private Path resolve(String relative) {
    Path target = serverResults.resolve(relative).normalize();
    if (!target.startsWith(serverResults) || target.equals(serverResults)) {
      throw new IllegalArgumentException(
          "results path '" + relative + "' leaves the results folder");
    }
    return target;
  }

  /** The worker's folder streamed over its link, or null from a worker too old to stream it. */
  private static List<DroneFile> streamed(WorkerDrone worker, String relative, Path target)
      throws IOException {
    try {
      return worker.sendFolder(relative, target);
    } catch (DroneRequestException e) {
      if (!DroneRequestException.BAD_REQUEST.equals(e.code())) {
        throw e;
      }
      LOG.info(
          "worker {} does not stream folders (older than send-folder): {}; reading file by file",
          worker.name(),
          e.getMessage());
      return null;
    }
  }

  /** Throws when the copy has files that differ from the drone's. */
  static void refuseDifferences(List<String> wrong) {
    if (!wrong.isEmpty()) {
      throw DroneFile.copyDiffers("the drone's", wrong);
    }
  }

  /** The files whose size or SHA-256 differ from the drone's, or that are missing. */
  private static List<String> verify(Path target, List<DroneFile> manifest) throws IOException {
    List<String> wrong = new ArrayList<>();
    for (DroneFile file : manifest) {
      if (file.directory()) {
        continue;
      }
      Path local = target.resolve(file.path());
      if (!Files.isRegularFile(local)) {
        wrong.add(file.path() + " (missing)");
      } else if (Files.size(local) != file.size()) {
        wrong.add(
            file.path() + " (" + Files.size(local) + " bytes, drone has " + file.size() + ")");
      } else if (!ResultsFiles.sha256(local).equals(file.sha256())) {
        wrong.add(file.path() + " (checksum)");
      }
    }
    return wrong;
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
