package hangar.drone;

import hangar.results.LinkLeavesResultsException;
import hangar.results.Listings;
import hangar.results.ResultsDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files under a drone's results folder, as the protocol's {@code files}, {@code read} and
 * {@code purge} requests see them. No path leaves the folder: {@code ..}, absolute paths and
 * symbolic links pointing out are refused, and a listing shows nothing of a link's target outside
 * ({@link Listings}).
 */
public final class ResultsFiles {
  /** The most bytes one {@code read} returns. */
  public static final int MAX_READ = 1 << 20;

  private final Path root;

  /**
   * @param root the results folder; it need not exist yet
   */
  public ResultsFiles(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The results folder. */
  public Path root() {
    return root;
  }

  /**
   * The results folder of a drone folder: its sibling {@code results}, as {@code <data>/drone} and
   * {@code <data>/results} on the server, or {@code <install>/drone} and {@code <install>/results}
   * on a remote drone.
   */
  public static Path rootOf(Path droneDir) {
    return droneDir.toAbsolutePath().normalize().resolveSibling("results");
  }

  /**
   * The real path of the file or folder at a relative path; symbolic links are followed only while
   * they stay inside the folder ({@link Listings}).
   *
   * @throws IllegalArgumentException if the path is absolute, leaves the folder, or a link on the
   *     way leads out of it
   * @throws NoSuchFileException if nothing is there
   */
  public Path resolve(String relative) throws IOException {
    Path path = lexical(relative);
    if (!Files.exists(root)) {
      throw new NoSuchFileException(relative);
    }
    try {
      return Listings.resolve(root.toRealPath(), root.relativize(path).toString());
    } catch (LinkLeavesResultsException e) {
      throw new IllegalArgumentException(
          "path '" + relative + "' links out of the results folder; it is not served", e);
    }
  }

  private Path lexical(String relative) {
    Path path = root.resolve(relative).normalize();
    if (relative.indexOf('\0') >= 0 || Path.of(relative).isAbsolute() || !path.startsWith(root)) {
      throw new IllegalArgumentException(
          "path '" + relative + "' leaves the results folder; give a path relative to it");
    }
    return path;
  }

  /**
   * The folder at a relative path.
   *
   * @throws IllegalArgumentException if the path leaves the results folder or is a file
   * @throws NoSuchFileException if nothing is there
   */
  public Path folder(String relative) throws IOException {
    Path path = resolve(relative);
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException("'" + relative + "' is a file, not a results folder");
    }
    return path;
  }

  /**
   * Lists a path: a folder's children, or with {@code sums} every file and folder under it
   * (recursively) with the files' SHA-256; a file lists as itself.
   */
  public List<DroneFile> list(String relative, boolean sums) throws IOException {
    Path base = resolve(relative);
    List<DroneFile> files = new ArrayList<>();
    if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
      // Named as asked: through a link inside, the real file may have another name.
      String name = root.resolve(relative).normalize().getFileName().toString();
      files.add(file(name, base, sums));
      return files;
    }
    if (!sums) {
      Path realRoot = root.toRealPath();
      try (Stream<Path> children = Files.list(base)) {
        for (Path child : children.sorted().toList()) {
          ResultsDirectory.Entry entry = Listings.entry(child, realRoot);
          files.add(
              new DroneFile(entry.name(), entry.directory(), entry.size(), null, entry.link()));
        }
      }
      return files;
    }
    // Links are not followed, so they are left out: a copy takes what is inside, never a target.
    Files.walkFileTree(
        base,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(base)) {
              files.add(new DroneFile(name(base, dir), true, 0, null, null));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (attrs.isRegularFile()) {
              files.add(file(name(base, file), file, true));
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return files;
  }

  /**
   * Reads whole files of a folder, in the order given, until the next one would take the bytes read
   * past {@link #MAX_READ}: the caller asks again for the rest. Many small files travel in one
   * exchange this way.
   *
   * @param folder the folder, relative to the results folder
   * @param names the files, relative to {@code folder}
   * @return the files read, by name, in order; at least the first
   * @throws IllegalArgumentException if the first file alone is larger than {@link #MAX_READ} (read
   *     it with {@link #read}), or a name leaves the folder or is a folder
   */
  public java.util.LinkedHashMap<String, byte[]> readWhole(String folder, List<String> names)
      throws IOException {
    java.util.LinkedHashMap<String, byte[]> read = new java.util.LinkedHashMap<>();
    long total = 0;
    for (String name : names) {
      Path file = resolve(folder + "/" + name);
      if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalArgumentException("'" + name + "' is a folder, not a file");
      }
      long size = Files.size(file);
      if (total + size > MAX_READ) {
        if (read.isEmpty()) {
          throw new IllegalArgumentException(
              "'" + name + "' has " + size + " bytes, more than one exchange carries; use read");
        }
        break;
      }
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        read.put(name, in.readAllBytes());
      }
      total += size;
    }
    return read;
  }

  /** Reads at most {@link #MAX_READ} bytes from {@code offset}; empty at or past the end. */
  public byte[] read(String relative, long offset, int length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must be >= 0");
    }
    Path file = resolve(relative);
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException("'" + relative + "' is a folder; list it with files");
    }
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buffer =
          ByteBuffer.allocate(
              (int) Math.min(Math.min(length, MAX_READ), Math.max(0, channel.size() - offset)));
      while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
        // read on until full or at the end
      }
      byte[] bytes = new byte[buffer.position()];
      buffer.flip().get(bytes);
      return bytes;
    }
  }

  /**
   * Deletes a folder or file and everything under it; nothing for a path already gone. A symbolic
   * link is deleted, never what it points to.
   */
  public void purge(String relative) throws IOException {
    Path lexical = lexical(relative);
    if (lexical.equals(root)) {
      throw new IllegalArgumentException("refusing to purge the whole results folder");
    }
    Path path;
    try {
      // The folder it is in, resolved inside; the last name itself is not followed.
      path =
          resolve(root.relativize(lexical.getParent()).toString()).resolve(lexical.getFileName());
    } catch (NoSuchFileException e) {
      return;
    }
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** The SHA-256 of a file, in hex. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static DroneFile file(String name, Path path, boolean sums) throws IOException {
    boolean directory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
    return new DroneFile(
        name,
        directory,
        directory ? 0 : Files.size(path),
        sums && !directory ? sha256(path) : null,
        null);
  }

  private static String name(Path base, Path path) {
    return base.relativize(path).toString().replace('\\', '/');
  }
}
