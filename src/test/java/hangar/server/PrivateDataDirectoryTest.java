package hangar.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory of a real server process, walked after it ran a job: no file or folder in it
 * is open to the group or to others, whatever the umask the server was started with, and one left
 * open by an older version is made private at start.
 */
class PrivateDataDirectoryTest {
  private static final Set<PosixFilePermission> GROUP_AND_OTHERS =
      EnumSet.complementOf(
          EnumSet.of(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE));

  @TempDir Path dir;

  @Test
  void nothing_a_server_and_its_drone_write_while_running_a_job_is_open_to_others()
      throws Exception {
    // Umask 000: every file would be open to all unless Hangar sets its mode itself.
    try (ServerProcesses server = ServerProcesses.allInOne(dir, "000")) {
      // The command runs in the drone folder: the files it makes there are checked too.
      String job = server.runJob("echo private > own-file; mkdir own-folder");
      Path data = server.data();
      List<String> seen = walk(data);

      assertThat(seen)
          .contains(
              "admin.token",
              "db",
              "db/hangar.mv.db",
              "db/hangar.password",
              "drone",
              "drone/drone.sock",
              "drone/drone.lock",
              "drone/drone.log",
              "drone/sessions.journal",
              "drone/own-file",
              "drone/own-folder",
              "results",
              "results/" + job + "/localhost/status.log",
              "results/" + job + "/localhost/debug",
              "results/" + job + "/localhost/shell/debug/stdout");
      assertThat(openToOthers(data)).isEmpty();
    }
  }

  @Test
  void a_data_directory_left_open_by_an_older_version_is_made_private_at_start() throws Exception {
    Path data = Files.createDirectories(dir.resolve("var"));
    Path token = Files.writeString(data.resolve("admin.token"), "0123abcd\n");
    Path results = Files.createDirectories(data.resolve("results/1-admin/localhost"));
    Files.writeString(results.resolve("status.log"), "END GOOD\n");
    Path drone = Files.createDirectories(data.resolve("drone"));
    Files.writeString(drone.resolve("drone.log"), "old lines\n");
    Path db = Files.createDirectories(data.resolve("db"));
    Files.writeString(db.resolve("hangar.trace.db"), "old trace\n");
    for (Path p : walkPaths(data)) {
      Files.setPosixFilePermissions(
          p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
    }
    assertThat(openToOthers(data)).hasSize(10);

    try (ServerProcesses server = ServerProcesses.allInOne(dir, "022")) {
      String log = Files.readString(dir.resolve("server.log"), UTF_8);

      assertThat(log)
          .contains("data directory " + data + ": ")
          .contains("were readable by other users; made them private (folders 0700, files 0600)")
          .contains("results directory " + data.resolve("results").toRealPath())
          .contains("was open to other users; made it and 3 files and folders under it private");
      assertThat(openToOthers(data)).isEmpty();
      assertThat(token).hasContent("0123abcd\n");
      assertThat(server.cli("host", "list")).isNotNull();
    }
  }

  /** Every path under {@code root} open to the group or others, with its mode. */
  private static List<String> openToOthers(Path root) throws IOException {
    List<String> open = new ArrayList<>();
    for (Path p : walkPaths(root)) {
      Set<PosixFilePermission> mode =
          Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      if (!Files.isSymbolicLink(p) && mode.stream().anyMatch(GROUP_AND_OTHERS::contains)) {
        open.add(root.relativize(p) + " " + PosixFilePermissions.toString(mode));
      }
    }
    return open;
  }

  private static List<String> walk(Path root) throws IOException {
    return walkPaths(root).stream().map(p -> root.relativize(p).toString()).toList();
  }

  /** The root and everything under it, links not followed. */
  private static List<Path> walkPaths(Path root) throws IOException {
    List<Path> all = new ArrayList<>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
            all.add(d);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            all.add(file);
            return FileVisitResult.CONTINUE;
          }
        });
    return all;
  }
}
