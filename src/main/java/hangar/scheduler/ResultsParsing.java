package hangar.scheduler;

import hangar.drone.Drone;
import hangar.drone.DroneRequestException;
import hangar.results.ParsedResults;
import hangar.results.StatusLogParser;
import hangar.store.ResultsDbStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses finished sessions' results folders where they ran and writes the records into the results
 * database: a drone with a results folder of its own parses it itself (the {@code parse} request;
 * only the records travel, and the drone needs no database access), while the folders of the
 * scheduler's own drone are parsed here. At most {@code max_parse_processes} parses run at once per
 * drone. A parse that fails is tried again when asked next tick, up to {@link #MAX_ATTEMPTS} times;
 * then the entry goes on without records, and the reason is logged.
 */
public final class ResultsParsing implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResultsParsing.class);

  /** How many times a folder is parsed before its entry goes on without records. */
  static final int MAX_ATTEMPTS = 5;

  /** Where a parse stands. */
  public enum State {
    RUNNING,
    FAILED,
    DONE
  }

  private record Progress(State state, int attempts, String error) {}

  private final ResultsDbStore store;
  private final Path serverResults;
  private final int maxPerDrone;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private volatile Runnable listener = () -> {};
  private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();
  private final Map<String, Progress> parses = new ConcurrentHashMap<>();

  /**
   * @param store where the records go
   * @param serverResults the server's results folder, which the scheduler's own drone writes
   * @param maxPerDrone {@code max_parse_processes}
   */
  public ResultsParsing(ResultsDbStore store, Path serverResults, int maxPerDrone) {
    if (maxPerDrone < 1) {
      throw new IllegalArgumentException("max_parse_processes must be >= 1, was " + maxPerDrone);
    }
    this.store = store;
    this.serverResults = serverResults;
    this.maxPerDrone = maxPerDrone;
  }

  /**
   * Where the parse of {@code relative} stands, starting it when it has not started or failed
   * before. {@link State#DONE} once the records are written, or once it failed {@link
   * #MAX_ATTEMPTS} times.
   *
   * @param drone the drone that ran the session
   * @param relative the results folder under the results root: {@code <job tag>/<host or group>}
   * @param jobId the job the records belong to
   */
  public State poll(Drone drone, String relative, long jobId) {
    String key = drone.name() + ":" + relative;
    Progress progress = parses.get(key);
    if (progress == null || progress.state() == State.FAILED) {
      int attempts = progress == null ? 0 : progress.attempts();
      if (attempts >= MAX_ATTEMPTS) {
        return State.DONE;
      }
      parses.put(key, new Progress(State.RUNNING, attempts + 1, null));
      workers.submit(() -> parse(key, drone, relative, jobId));
      return State.RUNNING;
    }
    return progress.state();
  }

  /**
   * Calls {@code listener} each time a parse succeeds, on the thread that did it: the scheduler
   * wakes to move the entry on at once.
   */
  public void whenDone(Runnable listener) {
    this.listener = java.util.Objects.requireNonNull(listener, "listener");
  }

  /** Forgets a parse once its entry went on. */
  public void done(Drone drone, String relative) {
    parses.remove(drone.name() + ":" + relative);
  }

  /** Parses running now on the named drone (for {@code drone list}). */
  public int running(String droneName) {
    Semaphore semaphore = slots.get(droneName);
    return semaphore == null ? 0 : maxPerDrone - semaphore.availablePermits();
  }

  private void parse(String key, Drone drone, String relative, long jobId) {
    Semaphore semaphore = slots.computeIfAbsent(drone.name(), d -> new Semaphore(maxPerDrone));
    int attempts = parses.get(key).attempts();
    try {
      semaphore.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      parses.put(key, new Progress(State.FAILED, attempts, "interrupted"));
      return;
    }
    long started = System.nanoTime();
    try {
      ParsedResults results = read(drone, relative);
      store.replace(relative, jobId, drone.name(), results);
      LOG.info(
          "parsed {} on drone {} in {} ms: {} tests, {}{}",
          relative,
          drone.name(),
          (System.nanoTime() - started) / 1_000_000,
          results.tests().size(),
          results.status(),
          results.warnings().isEmpty() ? "" : "; unreadable: " + results.warnings());
      parses.put(key, new Progress(State.DONE, attempts, null));
      listener.run();
    } catch (IOException | RuntimeException e) { // a parse's boundary: recorded and retried
      boolean last = attempts >= MAX_ATTEMPTS;
      if (last) {
        LOG.error(
            "parse of {} on drone {} failed {} times; its entry goes on without records in the"
                + " results database",
            relative,
            drone.name(),
            attempts,
            e);
      } else {
        LOG.warn("parse of {} on drone {} failed; retried next tick", relative, drone.name(), e);
      }
      parses.put(key, new Progress(State.FAILED, attempts, e.toString()));
    } finally {
      semaphore.release();
    }
  }

  /** The drone's records, or for the scheduler's own drone those of the server's folder. */
  private ParsedResults read(Drone drone, String relative) throws IOException {
    if (drone.resultsRoot().isEmpty()) {
      Path folder = serverResults.resolve(relative).normalize();
      return Files.isDirectory(folder) ? StatusLogParser.parse(folder) : missing(relative);
    }
    try {
      return drone.parse(relative);
    } catch (DroneRequestException e) {
      if ("not-found".equals(e.code())) {
        return missing(relative);
      }
      throw e;
    }
  }

  private static ParsedResults missing(String relative) {
    return new ParsedResults(
        null,
        null,
        null,
        null,
        null,
        null,
        "ERROR",
        "no results folder " + relative + ": the session wrote nothing",
        null,
        Map.of(),
        List.of(),
        List.of());
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }
}
