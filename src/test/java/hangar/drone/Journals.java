package hangar.drone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a drone's session journal as the tests see it on disk: the last line of each id wins. */
final class Journals {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Journals() {}

  /** The sessions the journal of {@code droneDir} remembers, by id, as JSON records. */
  static Map<String, JsonNode> remembered(Path droneDir) {
    Map<String, JsonNode> sessions = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(droneDir.resolve(SessionJournal.FILE))) {
        JsonNode node = JSON.readTree(line);
        if (node.has("forget")) {
          sessions.remove(node.get("forget").asText());
        } else {
          JsonNode session = node.get("session");
          sessions.put(session.get("spec").get("sessionId").asText(), session);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sessions;
  }
}
