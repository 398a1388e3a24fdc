package hangar.server;

import hangar.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory a server or scheduler runs in: the H2 database, the admin token, the {@code
 * localhost} drone and, by default, the results. Only its owner may enter it: it is made {@code
 * 0700} at every start, and whatever in it is readable by others (an install older than this rule,
 * or a file a library created with the process umask) is narrowed to {@code 0700}/{@code 0600}. The
 * results folder is left to {@link hangar.results.ResultsDirectory#create}, which has its own,
 * cheaper rule for a tree that can hold millions of files.
 */
public final class DataDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

  /** The data directory's default path, relative to where a role starts: a constant, inlined. */
  public static final String DEFAULT = "var";

  /** The results folder's name inside the data directory. */
  static final String RESULTS = "results";

  private static final int SHOWN_FAILURES = 5;

  private DataDirectory() {}

  /**
   * Creates the data directory (mode {@code 0700}) or makes the one there private.
   *
   * @return its absolute path
   * @throws UncheckedIOException if it cannot be created or walked
   */
  public static Path prepare(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    try {
      PrivateFiles.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dir, e);
    }
    Path results = dir.resolve(RESULTS);
    PrivateFiles.Tightened done = PrivateFiles.tighten(dir, results::equals);
    if (done.changed() > 0) {
      LOG.info(
          "data directory {}: {} files and folders were readable by other users; made them"
              + " private (folders 0700, files 0600)",
          dir,
          done.changed());
    }
    if (!done.failed().isEmpty()) {
      LOG.warn(
          "data directory {}: {} paths could not be made private, change their owner or mode by"
              + " hand: {}",
          dir,
          done.failed().size(),
          done.failed().subList(0, Math.min(SHOWN_FAILURES, done.failed().size())));
    }
    return dir;
  }
}
