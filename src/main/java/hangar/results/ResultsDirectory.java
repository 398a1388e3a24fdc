package hangar.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The results repository on this machine: {@code <root>/<job_id>-<owner>/...}. Every path a caller
 * gives is resolved here and refused if it would leave the root, through {@code ..} or through a
 * symbolic link, so nothing outside is ever read.
 */
public final class ResultsDirectory {
  private final Path root;

  private ResultsDirectory(Path root) {
    this.root = root;
  }

  /**
   * Opens (and creates if needed) the results directory.
   *
   * @throws UncheckedIOException if it cannot be created
   */
  public static ResultsDirectory create(Path root) {
    try {
      Files.createDirectories(root);
      return new ResultsDirectory(root.toRealPath());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the results directory " + root, e);
    }
  }

  /**
   * Where this machine keeps results: {@code results_host_installation_directory} when set, else
   * {@code <data>/results}.
   */
  public static Path location(hangar.config.SchedulerSettings settings, Path dataDir) {
    String configured = settings.resultsHostInstallationDirectory();
    // With a results host elsewhere, the directory names its folder there; this machine keeps
    // results in the data directory until they are copied.
    boolean here = settings.resultsHost().equals(hangar.config.SchedulerSettings.LOCALHOST);
    return !here || configured == null || configured.isBlank()
        ? dataDir.resolve("results")
        : Path.of(configured);
  }

  /** The directory's real path. */
  public Path root() {
    return root;
  }

  /**
   * Resolves a relative path inside the results directory.
   *
   * @return the existing file or folder
   * @throws IllegalArgumentException if the path would leave the results directory
   * @throws NoSuchFileException if nothing is there
   */
  public Path resolve(String relative) throws NoSuchFileException {
    if (relative.indexOf('\0') >= 0 || relative.startsWith("/")) {
      throw outside(relative);
    }
    Path candidate = root.resolve(relative).normalize();
    if (!candidate.startsWith(root)) {
      throw outside(relative);
    }
    if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException("no result file " + hangar.lab.Names.quote(relative));
    }
    try {
      Path real = candidate.toRealPath();
      if (!real.startsWith(root)) {
        throw outside(relative);
      }
      return real;
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read result path '" + relative + "'", e);
    }
  }

  /** The entries of a folder inside the results directory, sorted by name. */
  public List<Entry> list(Path folder) {
    try (Stream<Path> children = Files.list(folder)) {
      return children
          .sorted()
          .map(
              p -> {
                boolean directory = Files.isDirectory(p);
                return new Entry(p.getFileName().toString(), directory, directory ? 0 : size(p));
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list result folder " + root.relativize(folder), e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + file, e);
    }
  }

  private static IllegalArgumentException outside(String relative) {
    return new IllegalArgumentException(
        "path '" + relative + "' leaves the results directory; refused");
  }

  /**
   * One entry of a folder listing.
   *
   * @param name file or folder name
   * @param directory true for a folder
   * @param size bytes, 0 for a folder
   */
  public record Entry(String name, boolean directory, long size) {}
}
