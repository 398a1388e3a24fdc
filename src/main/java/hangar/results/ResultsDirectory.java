package hangar.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import hangar.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results repository on this machine: {@code <root>/<job_id>-<owner>/...}. Every path a caller
 * gives is resolved here and refused if it would leave the root, through {@code ..} or through a
 * symbolic link, so nothing outside is ever read, nor its size shown ({@link Listings}). Only its
 * owner may enter it ({@code 0700}): Hangar serves results itself, so no web server needs to read
 * them.
 */
public final class ResultsDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(ResultsDirectory.class);

  private final Path root;

  private ResultsDirectory(Path root) {
    this.root = root;
  }

  /**
   * Opens (and creates if needed, mode {@code 0700}) the results directory. One that others may
   * enter, as older versions made it, is made private with everything under it, once.
   *
   * @throws UncheckedIOException if it cannot be created
   */
  public static ResultsDirectory create(Path root) {
    Path real;
    try {
      PrivateFiles.createDirectories(root);
      real = root.toRealPath();
      if (!PrivateFiles.isPrivate(real)) {
        PrivateFiles.Tightened done = PrivateFiles.tighten(real, p -> false);
        LOG.info(
            "results directory {} was open to other users; made it and {} files and folders"
                + " under it private (folders 0700, files 0600)",
            real,
            done.changed() - 1);
        if (!done.failed().isEmpty()) {
          LOG.warn(
              "results directory {}: {} paths could not be made private, for example {}",
              real,
              done.failed().size(),
              done.failed().get(0));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the results directory " + root, e);
    }
    return new ResultsDirectory(real);
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
   * @return the real path of the existing file or folder
   * @throws IllegalArgumentException if the path would leave the results directory through {@code
   *     ..} or is absolute
   * @throws LinkLeavesResultsException if a symbolic link on the way leads outside (or nowhere)
   * @throws NoSuchFileException if nothing is there
   */
  public Path resolve(String relative) throws NoSuchFileException {
    if (!isPlausible(relative)) {
      // No file system holds such a name: a NUL, or a name longer than any file system takes.
      throw new NoSuchFileException("no result file " + hangar.lab.Names.quote(relative));
    }
    try {
      return Listings.resolve(root, relative);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read result path '" + relative + "'", e);
    }
  }

  private static final int MAX_NAME_BYTES = 255;
  private static final int MAX_PATH_BYTES = 4096;

  private static boolean isPlausible(String relative) {
    if (relative.indexOf('\0') >= 0
        || relative.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      return false;
    }
    for (String name : relative.split("/")) {
      if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
        return false;
      }
    }
    return true;
  }

  /**
   * The entries of a folder inside the results directory, sorted by name; a symbolic link shows its
   * target's kind and size only when the target is inside.
   *
   * @param folder a folder {@link #resolve} returned
   */
  public List<Entry> list(Path folder) {
    try (Stream<Path> children = Files.list(folder)) {
      List<Entry> entries = new ArrayList<>();
      for (Path child : children.sorted().toList()) {
        entries.add(Listings.entry(child, root));
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list result folder " + root.relativize(folder), e);
    }
  }

  /**
   * Opens a file {@link #resolve} returned, refusing to follow a link put in its place since.
   *
   * @throws IOException if it cannot be opened
   */
  public static InputStream open(Path file) throws IOException {
    return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * One entry of a folder listing.
   *
   * @param name file or folder name
   * @param directory true for a folder
   * @param size bytes, 0 for a folder
   * @param link where it points when it is a symbolic link, else null (left out of JSON)
   */
  public record Entry(
      String name,
      boolean directory,
      long size,
      @JsonInclude(JsonInclude.Include.NON_NULL) LinkTarget link) {}
}
