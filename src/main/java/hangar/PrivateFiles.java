package hangar;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Files and folders only their owner may read: what the server, the schedulers and the drones write
 * under their data directory. A JVM cannot set its own umask, so every file is created with its
 * mode given ({@code 0600}, folders {@code 0700}), and {@link #tighten} narrows what an older
 * version, or a library that creates its own files, left wider. On a file system without POSIX
 * modes every method only creates.
 */
public final class PrivateFiles {
  /** {@code rwx------}. */
  public static final Set<PosixFilePermission> FOLDER_MODE =
      Set.copyOf(PosixFilePermissions.fromString("rwx------"));

  /** {@code rw-------}. */
  public static final Set<PosixFilePermission> FILE_MODE =
      Set.copyOf(PosixFilePermissions.fromString("rw-------"));

  private static final Set<PosixFilePermission> GROUP_AND_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private PrivateFiles() {}

  /**
   * Creates a folder and its missing parents with mode {@code 0700}; folders that exist keep their
   * mode.
   *
   * @return {@code dir}
   * @throws IOException if a folder cannot be created
   */
  public static Path createDirectories(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath().normalize();
    List<Path> missing = new ArrayList<>();
    for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.add(0, p);
    }
    for (Path p : missing) {
      try {
        Files.createDirectory(p, folderAttributes());
      } catch (FileAlreadyExistsException raced) {
        // Another process made it meanwhile; if it is a file, the next level fails with a clear
        // error, as Files.createDirectories would.
      }
    }
    return dir;
  }

  /**
   * Creates an empty file with mode {@code 0600} if none is there; a file that exists is left as it
   * is. Open it for appending afterwards (a {@link java.io.FileOutputStream} keeps the mode).
   *
   * @return {@code file}
   * @throws IOException if it cannot be created
   */
  public static Path createFileIfAbsent(Path file) throws IOException {
    try {
      Files.createFile(file, fileAttributes());
    } catch (FileAlreadyExistsException exists) {
      // kept as it is: callers append to it
    }
    return file;
  }

  /**
   * Opens a file for writing from its start: created with mode {@code 0600}, or emptied and made
   * {@code 0600} if it is there.
   *
   * @throws IOException if it cannot be opened
   */
  public static OutputStream newOutputStream(Path file) throws IOException {
    SeekableByteChannel channel =
        Files.newByteChannel(
            file,
            Set.of(
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING),
            fileAttributes());
    if (POSIX) {
      try {
        Files.setPosixFilePermissions(file, FILE_MODE);
      } catch (IOException e) {
        channel.close();
        throw e;
      }
    }
    return Channels.newOutputStream(channel);
  }

  /**
   * Writes {@code bytes} to a new file with mode {@code 0600}, then moves it over {@code file}, so
   * that no reader ever sees it half written or readable by others.
   *
   * @throws IOException if it cannot be written
   */
  public static void write(Path file, byte[] bytes) throws IOException {
    Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".tmp-", ".new");
    try {
      Files.write(temp, bytes);
      Files.move(
          temp,
          file,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * True when neither the group nor others have any permission on the path (the link itself for a
   * symbolic link); always true without POSIX modes.
   *
   * @throws IOException if its mode cannot be read
   */
  public static boolean isPrivate(Path path) throws IOException {
    if (!POSIX) {
      return true;
    }
    Set<PosixFilePermission> mode =
        Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
            .permissions();
    return mode.stream().noneMatch(GROUP_AND_OTHERS::contains);
  }

  /**
   * Takes every group and others permission away from {@code root} and everything under it, except
   * the folders {@code skip} accepts (neither they nor their contents are touched). Symbolic links
   * are neither followed nor changed. Files of another owner that cannot be changed are counted in
   * {@link Tightened#failed()}.
   *
   * @return what changed
   * @throws UncheckedIOException if the tree cannot be walked
   */
  public static Tightened tighten(Path root, Predicate<Path> skip) {
    if (!POSIX || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return new Tightened(0, List.of());
    }
    int[] changed = {0};
    List<String> failed = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (!dir.equals(root) && skip.test(dir)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              narrow(dir, attrs);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              narrow(file, attrs);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              failed.add(file + " (" + e.getMessage() + ")");
              return FileVisitResult.CONTINUE;
            }

            private void narrow(Path path, BasicFileAttributes attrs) {
              if (attrs.isSymbolicLink()) {
                return; // chmod would change the link's target, wherever it is
              }
              try {
                Set<PosixFilePermission> mode =
                    Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                        .permissions();
                if (mode.stream().anyMatch(GROUP_AND_OTHERS::contains)) {
                  Set<PosixFilePermission> narrowed = EnumSet.noneOf(PosixFilePermission.class);
                  narrowed.addAll(mode);
                  narrowed.removeAll(GROUP_AND_OTHERS);
                  Files.setPosixFilePermissions(path, narrowed);
                  changed[0]++;
                }
              } catch (IOException e) {
                failed.add(path + " (" + e.getMessage() + ")");
              }
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot walk " + root + " to make it private", e);
    }
    return new Tightened(changed[0], failed);
  }

  /**
   * Deletes a folder and everything under it, or a file; symbolic links are deleted, never
   * followed.
   *
   * @throws IOException if something cannot be deleted
   */
  public static void deleteTree(Path root) throws IOException {
    try (java.util.stream.Stream<Path> all = Files.walk(root)) {
      for (Path path : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** The attribute that creates a folder with mode {@code 0700}, or none without POSIX modes. */
  public static FileAttribute<?>[] folderAttributes() {
    return POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FOLDER_MODE)}
        : new FileAttribute<?>[0];
  }

  /** The attribute that creates a file with mode {@code 0600}, or none without POSIX modes. */
  public static FileAttribute<?>[] fileAttributes() {
    return POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
        : new FileAttribute<?>[0];
  }

  /**
   * What {@link #tighten} did.
   *
   * @param changed files and folders whose mode was narrowed
   * @param failed those it could not read or change, with the reason
   */
  public record Tightened(int changed, List<String> failed) {
    public Tightened {
      failed = List.copyOf(failed);
    }
  }
}
