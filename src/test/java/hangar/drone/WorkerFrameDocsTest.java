package hangar.drone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.testing.DocBlocks;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md shows every worker link frame as {@link WorkerFrame} defines it: each block marked
 * {@code <!-- worker-frame: KIND -->} parses, strictly, into the record of that kind, and every
 * field of every frame record, aliases included, is shown in some block.
 */
class WorkerFrameDocsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<DocBlocks.Block> blocks = DocBlocks.of("api.md", "worker-frame");

  @Test
  void every_documented_frame_parses_into_the_record_it_is_marked_as() {
    for (DocBlocks.Block block : blocks) {
      WorkerFrame frame = WorkerFrames.parse(block.text());
      assertThat(WorkerFrames.kind(frame))
          .as("docs/api.md line " + block.line())
          .isEqualTo(block.name());
    }
  }

  @Test
  void every_frame_and_every_field_of_it_is_documented() throws Exception {
    List<String> missing = new ArrayList<>();
    for (Class<?> type : WorkerFrame.class.getPermittedSubclasses()) {
      String kind = kindOf(type);
      List<JsonNode> shown = new ArrayList<>();
      for (DocBlocks.Block block : blocks) {
        if (block.name().equals(kind)) {
          shown.add(JSON.readTree(block.text()));
        }
      }
      if (shown.isEmpty()) {
        missing.add(kind + " (no block)");
      }
      TreeSet<String> documented = new TreeSet<>();
      shown.forEach(node -> paths(node, "", documented));
      for (String path : fieldPaths(type, "")) {
        if (!documented.contains(path)) {
          missing.add(kind + ": " + path);
        }
      }
    }
    assertThat(missing).as("frame fields docs/api.md does not show").isEmpty();
  }

  /** The kind a frame record is read as, found by parsing the smallest frame of it. */
  private static String kindOf(Class<?> type) {
    return Arrays.stream(type.getRecordComponents())
        .map(c -> WorkerFrames.names(c).get(0))
        .filter(n -> !n.equals("seq"))
        .findFirst()
        .orElseThrow();
  }

  /** Every JSON name path of a record, each alias as a path of its own. */
  private static List<String> fieldPaths(Class<?> type, String prefix) {
    List<String> paths = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      for (String name : WorkerFrames.names(component)) {
        paths.add(prefix + name);
        if (component.getType().isRecord()) {
          paths.addAll(fieldPaths(component.getType(), prefix + name + "."));
        }
      }
    }
    return paths;
  }

  private static void paths(JsonNode node, String prefix, TreeSet<String> into) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      into.add(prefix + field.getKey());
      if (field.getValue().isObject()) {
        paths(field.getValue(), prefix + field.getKey() + ".", into);
      }
    }
  }
}
