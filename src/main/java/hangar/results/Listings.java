package hangar.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The one rule for symbolic links in results, on any file system (the server's own, a drone's, a
 * results host's over SFTP): nothing outside the results folder is ever looked at. Paths are
 * resolved one name at a time from the folder's real path, reading each name without following it
 * and each link's text by hand, as {@code openat2(RESOLVE_BENEATH)} does; the first step that would
 * leave the folder stops the walk before anything out there is touched. A link that leads outside,
 * or nowhere, is listed as such and never served.
 */
public final class Listings {
  /** Links followed in one path at most, as Linux's own limit: more is a loop. */
  static final int MAX_LINKS = 40;

  private Listings() {}

  /**
   * The entry for {@code child}, one item of a folder listing.
   *
   * @param child the item: a direct child of a folder inside the results folder, on any file system
   * @param realRoot the real path of the results folder on that file system
   * @throws IOException if its attributes cannot be read
   */
  public static ResultsDirectory.Entry entry(Path child, Path realRoot) throws IOException {
    String name = child.getFileName().toString();
    BasicFileAttributes own = attributes(child);
    if (!own.isSymbolicLink()) {
      return new ResultsDirectory.Entry(
          name, own.isDirectory(), own.isDirectory() ? 0 : own.size(), null);
    }
    Optional<Path> target;
    try {
      target = beneath(realRoot, realRoot.relativize(child.toAbsolutePath()));
    } catch (NoSuchFileException dangling) {
      target = Optional.empty();
    }
    if (target.isEmpty()) {
      return new ResultsDirectory.Entry(name, false, 0, LinkTarget.OUTSIDE);
    }
    BasicFileAttributes its = attributes(target.get());
    return new ResultsDirectory.Entry(
        name, its.isDirectory(), its.isDirectory() ? 0 : its.size(), LinkTarget.INSIDE);
  }

  /**
   * The real path of {@code relative} inside the results folder, for reading or listing.
   *
   * @param realRoot the real path of the results folder, on any file system
   * @param relative the path as asked
   * @throws IllegalArgumentException if {@code relative} is absolute, holds a NUL or climbs out
   *     with {@code ..}
   * @throws NoSuchFileException if nothing is there
   * @throws LinkLeavesResultsException if a symbolic link on the way leads outside, or nowhere
   * @throws IOException if a name on the way cannot be read
   */
  public static Path resolve(Path realRoot, String relative) throws IOException {
    if (relative.indexOf('\0') >= 0 || relative.startsWith("/")) {
      throw outside(relative);
    }
    Path asked = realRoot.getFileSystem().getPath(relative.isEmpty() ? "." : relative);
    if (asked.isAbsolute() || !realRoot.resolve(asked).normalize().startsWith(realRoot)) {
      throw outside(relative);
    }
    return beneath(realRoot, asked).orElseThrow(() -> new LinkLeavesResultsException(relative));
  }

  /**
   * Walks {@code relative} from {@code realRoot} name by name, following links only while they stay
   * inside; empty as soon as one step would leave.
   *
   * @throws NoSuchFileException if a name inside is missing (a dangling link to a place inside too)
   */
  private static Optional<Path> beneath(Path realRoot, Path relative) throws IOException {
    Deque<String> left = new ArrayDeque<>();
    pushNames(left, relative);
    Path at = realRoot;
    int links = 0;
    while (!left.isEmpty()) {
      String name = left.pop();
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        if (at.equals(realRoot)) {
          return Optional.empty();
        }
        at = at.getParent();
        continue;
      }
      Path next = at.resolve(name);
      BasicFileAttributes attrs;
      try {
        attrs = attributes(next);
      } catch (NoSuchFileException e) {
        throw new NoSuchFileException("no result file '" + relative + "'");
      }
      if (!attrs.isSymbolicLink()) {
        at = next;
        continue;
      }
      if (++links > MAX_LINKS) {
        return Optional.empty();
      }
      Path text = Files.readSymbolicLink(next);
      if (text.isAbsolute()) {
        Path target = text.normalize();
        if (!target.startsWith(realRoot)) {
          return Optional.empty(); // decided on the link's text alone: nothing out there is read
        }
        at = realRoot;
        text = realRoot.relativize(target);
      }
      pushNames(left, text);
    }
    return Optional.of(at);
  }

  /** Puts the names of {@code path} in front of those left, first name first. */
  private static void pushNames(Deque<String> left, Path path) {
    for (int i = path.getNameCount() - 1; i >= 0; i--) {
      left.push(path.getName(i).toString());
    }
  }

  private static BasicFileAttributes attributes(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  private static IllegalArgumentException outside(String relative) {
    return new IllegalArgumentException(
        "path '" + relative + "' leaves the results folder; give a path relative to it");
  }
}
