package hangar.drone;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable record of each session, one JSON file per session under {@code <droneDir>/sessions}.
 * A file is written to a temporary file, forced to disk and moved over the old one, so that a crash
 * leaves either the old or the new record, never half of one.
 */
final class SessionFiles {
  private static final Logger LOG = LoggerFactory.getLogger(SessionFiles.class);
  private static final String SUFFIX = ".json";
  private static final String TEMP_SUFFIX = ".tmp";
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  private final Path dir;
  private final ObjectMapper json;

  SessionFiles(Path dir, ObjectMapper json) {
    this.dir = dir;
    this.json = json;
  }

  /** True when the id can name a session file: letters, digits, {@code _ . -}, at most 128. */
  static boolean isSafeId(String sessionId) {
    return SAFE_ID.matcher(sessionId).matches();
  }

  /**
   * Writes a session's record durably, replacing the previous one.
   *
   * @throws IOException if the disk refuses
   */
  void write(SessionFile file) throws IOException {
    String id = file.spec().sessionId();
    Path temp = Files.createTempFile(dir, id + ".", TEMP_SUFFIX);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(json.writeValueAsBytes(file));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      Files.move(
          temp,
          dir.resolve(id + SUFFIX),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Deletes a session's record; nothing if there is none.
   *
   * @throws IOException if the disk refuses
   */
  void delete(String sessionId) throws IOException {
    Files.deleteIfExists(dir.resolve(sessionId + SUFFIX));
  }

  /**
   * Reads every record and removes temporary files a crash left behind. A record that cannot be
   * read is logged as an error and left in place for a human; it is not reported as a session.
   *
   * @throws IOException if the folder cannot be listed
   */
  List<SessionFile> readAll() throws IOException {
    List<SessionFile> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.endsWith(TEMP_SUFFIX)) {
          Files.deleteIfExists(entry);
        } else if (name.endsWith(SUFFIX)) {
          try {
            files.add(json.readValue(entry.toFile(), SessionFile.class));
          } catch (IOException | RuntimeException e) {
            LOG.error(
                "cannot read session record {}; left in place, session not reported", entry, e);
          }
        }
      }
    }
    return files;
  }
}
