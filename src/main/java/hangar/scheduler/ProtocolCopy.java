package hangar.scheduler;

import hangar.HangarException;
import hangar.PrivateFiles;
import hangar.drone.Drone;
import hangar.drone.DroneChunk;
import hangar.drone.DroneFile;
import hangar.drone.DroneRequestException;
import hangar.drone.ResultsFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a results folder file by file over the drone protocol: for drones that can do no better (a
 * remote drone without {@code rsync}, a worker older than {@code send-folder}). Files up to {@link
 * #SMALL_FILE} bytes travel many to one exchange ({@code read-whole}), larger ones in chunks of
 * {@link ResultsFiles#MAX_READ}; a drone older than protocol 6 gets a {@code read} per file.
 */
final class ProtocolCopy {
  private static final Logger LOG = LoggerFactory.getLogger(ProtocolCopy.class);

  /** Files up to this size are copied many to one exchange. */
  static final long SMALL_FILE = 256 * 1024;

  private ProtocolCopy() {}

  /**
   * Copies the files of {@code listed} (the drone's listing of {@code relative}) under {@code
   * target}; the caller checks them against the listing afterwards.
   */
  static void copy(Drone drone, String relative, Path target, List<DroneFile> listed)
      throws IOException {
    PrivateFiles.createDirectories(target);
    List<DroneFile> small = new ArrayList<>();
    for (DroneFile file : listed) {
      Path local = localPath(drone, relative, target, file);
      if (file.directory()) {
        PrivateFiles.createDirectories(local);
      } else if (file.size() <= SMALL_FILE) {
        small.add(file);
      } else {
        readChunked(drone, relative + "/" + file.path(), local, file.size());
      }
    }
    try {
      readBatched(drone, relative, target, small);
    } catch (DroneRequestException e) {
      if (!DroneRequestException.BAD_REQUEST.equals(e.code())) {
        throw e;
      }
      LOG.info("drone {} reads one file per request (older than protocol 6)", drone.name());
      for (DroneFile file : small) {
        readChunked(
            drone,
            relative + "/" + file.path(),
            localPath(drone, relative, target, file),
            file.size());
      }
    }
  }

  /** Reads the small files in batches of at most {@link ResultsFiles#MAX_READ} bytes. */
  private static void readBatched(Drone drone, String relative, Path target, List<DroneFile> small)
      throws IOException {
    List<String> left = new ArrayList<>(small.stream().map(DroneFile::path).toList());
    while (!left.isEmpty()) {
      Map<String, byte[]> read = drone.readWhole(relative, left);
      for (Map.Entry<String, byte[]> file : read.entrySet()) {
        if (!left.remove(file.getKey())) {
          throw new HangarException(
              "drone " + drone.name() + " sent " + file.getKey() + ", which was not asked for");
        }
        Path local = target.resolve(file.getKey()).normalize();
        PrivateFiles.createDirectories(local.getParent());
        try (OutputStream out = PrivateFiles.newOutputStream(local)) {
          out.write(file.getValue());
        }
      }
    }
  }

  private static void readChunked(Drone drone, String remote, Path local, long size)
      throws IOException {
    PrivateFiles.createDirectories(local.getParent());
    try (OutputStream out = PrivateFiles.newOutputStream(local)) {
      long offset = 0;
      while (offset < size) {
        DroneChunk chunk = drone.read(remote, offset, ResultsFiles.MAX_READ);
        if (chunk.bytes().length == 0) {
          break;
        }
        out.write(chunk.bytes());
        offset += chunk.bytes().length;
      }
    }
  }

  /** Where a listed file goes; a path that would leave the copy is refused. */
  private static Path localPath(Drone drone, String relative, Path target, DroneFile file) {
    Path local = target.resolve(file.path()).normalize();
    if (!local.startsWith(target)) {
      throw new HangarException("drone " + drone.name() + " listed a file outside " + relative);
    }
    return local;
  }
}
