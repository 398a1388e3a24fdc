package hangar.host;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Copies a file or a folder tree between two paths, which may live on different file systems (this
 * machine's, a host's over SFTP).
 */
final class Trees {
  private Trees() {}

  /**
   * Copies {@code from} (a file, or a folder with everything in it) to {@code to}.
   *
   * @param hostname the host the copy is for, for the error
   * @throws HostCommandException if anything fails; a part may have been copied
   */
  static void copy(String hostname, Path from, Path to) {
    try {
      if (!Files.isDirectory(from)) {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        return;
      }
      Files.walkFileTree(
          from,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              Path target = resolve(to, from.relativize(dir));
              if (!Files.isDirectory(target)) {
                Files.createDirectory(target);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.copy(
                  file, resolve(to, from.relativize(file)), StandardCopyOption.REPLACE_EXISTING);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException | RuntimeException e) {
      throw new HostCommandException(
          hostname, "cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }

  /** {@code relative} (of one file system) under {@code base} (of perhaps another), by names. */
  private static Path resolve(Path base, Path relative) {
    Path result = base;
    for (Path name : relative) {
      String part = name.toString();
      if (!part.isEmpty()) {
        result = result.resolve(part);
      }
    }
    return result;
  }
}
