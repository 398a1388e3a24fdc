package hangar.server;

import hangar.api.Json;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the free space of the server's data directory and results folder, so that a disk filling
 * up is noticed before writes start failing with 503: a warning when a folder drops below {@code
 * [SERVER] warn_free_space_mb} and a line when it is back above (looked at every {@link
 * #CHECK_INTERVAL}), the folders' free bytes and state in {@code GET /api/v1/server}, and {@code
 * hangar_storage_free_bytes{folder}} in {@code /metrics}.
 */
final class FreeSpace implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FreeSpace.class);

  /** How often the folders are looked at for the warning. */
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(30);

  private static final long MB = 1024L * 1024;

  private final Map<String, Path> folders;
  private final long warnBelow;
  private final Map<String, Boolean> low = new ConcurrentHashMap<>();
  private final Thread watcher;

  /**
   * @param dataDir the data directory
   * @param results the results folder, inside it or elsewhere
   * @param warnBelowMb the free MB under which a folder is low; 0 never warns
   */
  FreeSpace(Path dataDir, Path results, long warnBelowMb) {
    Map<String, Path> named = new LinkedHashMap<>();
    named.put("data", dataDir);
    named.put(DataDirectory.RESULTS, results);
    this.folders = java.util.Collections.unmodifiableMap(named);
    this.warnBelow = warnBelowMb * MB;
    this.watcher = Thread.ofVirtual().name("hangar-free-space").unstarted(this::watch);
  }

  /** Registers the gauges and starts looking every {@link #CHECK_INTERVAL}; looks once now. */
  FreeSpace start(MeterRegistry registry) {
    folders.forEach(
        (name, path) ->
            Gauge.builder("hangar.storage.free.bytes", path, FreeSpace::freeBytes)
                .description("Free bytes of the file system under the folder")
                .tag("folder", name)
                .baseUnit("bytes")
                .register(registry));
    check();
    watcher.start();
    return this;
  }

  /**
   * Each folder's free space as it is now, for {@code GET /api/v1/server}; a folder found low (or
   * no longer) is logged then too, not only at the next periodic look.
   */
  List<Json.StorageJson> report() {
    check();
    List<Json.StorageJson> report = new ArrayList<>();
    folders.forEach(
        (name, path) -> {
          long free = (long) freeBytes(path);
          report.add(new Json.StorageJson(name, path.toString(), free, isLow(free)));
        });
    return report;
  }

  /** Looks at each folder and logs when one became low or is no longer. */
  void check() {
    folders.forEach(
        (name, path) -> {
          long free = (long) freeBytes(path);
          boolean nowLow = isLow(free);
          Boolean before = low.put(name, nowLow);
          if (nowLow && !Boolean.TRUE.equals(before)) {
            LOG.warn(
                "the {} folder {} has {} MB free, below warn_free_space_mb ({} MB); free space"
                    + " there before it fills up: a full disk makes writes fail with 503",
                name,
                path,
                free / MB,
                warnBelow / MB);
          } else if (!nowLow && Boolean.TRUE.equals(before)) {
            LOG.info("the {} folder {} has {} MB free again", name, path, free / MB);
          }
        });
  }

  private boolean isLow(long free) {
    return free >= 0 && free < warnBelow;
  }

  private void watch() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(CHECK_INTERVAL);
      } catch (InterruptedException e) {
        return;
      }
      check();
    }
  }

  /** Free bytes under {@code path}, or -1 when it cannot be asked (logged at debug). */
  private static double freeBytes(Path path) {
    try {
      return Files.getFileStore(path).getUsableSpace();
    } catch (IOException e) {
      LOG.debug("cannot ask the free space under {}", path, e);
      return -1;
    }
  }

  @Override
  public void close() {
    watcher.interrupt();
  }
}
