package hangar.scheduler;

import hangar.HangarException;
import hangar.PrivateFiles;
import hangar.drone.DroneFile;
import hangar.drone.RemoteDrone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Copies a results folder from a remote drone with {@code rsync} over the drone's SSH. The copy is
 * checked while it is made, by rsync itself: its receiver computes a whole-file checksum of each
 * file as it writes it (xxHash or MD5, as the two ends agree), compares it with the one the sender
 * computed as it read the file, and sends the file again when they differ; it exits 0 only when
 * every file of the folder arrived that way. So no second pass reads the files again (hashing both
 * ends with SHA-256 after rsync cost nearly half the copy's time).
 */
final class RsyncCopy {
  /** How long an rsync copy may move no data before it gives up. */
  static final Duration IO_TIMEOUT = Duration.ofMinutes(5);

  private RsyncCopy() {}

  /**
   * Copies {@code relative} from the drone into {@code target}, leaving nothing there that the
   * drone does not have.
   *
   * @return what the copy holds: its folders and files with their sizes
   * @throws HangarException if rsync fails, saying what it said
   */
  static List<DroneFile> copy(RemoteDrone drone, String relative, Path target)
      throws IOException, InterruptedException {
    PrivateFiles.createDirectories(target);
    // --chmod: the copies are private on the server, whatever the modes on the drone.
    // --timeout: rsync gives up when no data moves for that long, as ssh does on a dead link.
    List<String> command =
        List.of(
            "rsync",
            "-a",
            "--chmod=go=",
            "--delete",
            "--timeout=" + IO_TIMEOUT.toSeconds(),
            "-e",
            drone.sshCommandLine(),
            drone.rsyncSource(relative),
            target + "/");
    Path log = Files.createTempFile("hangar-rsync-", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      int status;
      try {
        status = process.waitFor();
      } finally {
        // Interrupted (the scheduler stops): the copy does not go on without us.
        process.destroyForcibly();
      }
      if (status != 0) {
        throw new HangarException(
            "rsync from "
                + drone.target()
                + " exited "
                + status
                + ": "
                + Files.readString(log).strip());
      }
    } finally {
      Files.deleteIfExists(log);
    }
    try (var walk = Files.walk(target)) {
      return walk.filter(p -> !p.equals(target))
          .map(
              p -> {
                String name = target.relativize(p).toString();
                boolean folder = Files.isDirectory(p);
                return new DroneFile(name, folder, folder ? 0 : p.toFile().length(), null, null);
              })
          .toList();
    }
  }
}
