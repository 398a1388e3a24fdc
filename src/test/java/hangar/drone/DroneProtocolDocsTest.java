package hangar.drone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.testing.DocBlocks;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/drone-protocol.md shows every request and reply as {@link Request} and {@link Reply} define
 * them: each line of a block marked {@code <!-- drone-request -->} or {@code <!-- drone-reply -->}
 * reads into its record with no field left over, every {@code op} is shown, and every field of
 * every record, nested ones included, is shown in some line.
 */
class DroneProtocolDocsTest {
  /** The drone's own mapper, but refusing unknown fields: a misspelt field in the page fails. */
  private static final ObjectMapper STRICT =
      DroneJson.create().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static List<JsonNode> lines(String kind, Class<?> type) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (DocBlocks.Block block : DocBlocks.of("drone-protocol.md", kind)) {
      for (String line : block.lines()) {
        // Each line must read into the record; the tree is kept to see which fields it shows.
        assertThat(STRICT.readValue(line, type))
            .as("docs/drone-protocol.md, block at line " + block.line() + ": " + line)
            .isNotNull();
        lines.add(STRICT.readTree(line));
      }
    }
    return lines;
  }

  @Test
  void every_request_op_and_every_field_of_it_is_documented() throws Exception {
    List<JsonNode> requests = lines("drone-request", Request.class);
    List<String> missing = new ArrayList<>();
    Map<Class<?>, List<JsonNode>> byRecord = new LinkedHashMap<>();
    for (JsonSubTypes.Type op : Request.class.getAnnotation(JsonSubTypes.class).value()) {
      List<JsonNode> shown =
          requests.stream().filter(r -> r.path("op").asText().equals(op.name())).toList();
      if (shown.isEmpty()) {
        missing.add(op.name() + " (no line)");
      }
      gather(op.value(), shown, byRecord);
    }
    missing.addAll(unshown(byRecord));
    assertThat(missing).as("request fields docs/drone-protocol.md does not show").isEmpty();
  }

  @Test
  void every_reply_field_is_documented() throws Exception {
    Map<Class<?>, List<JsonNode>> byRecord = new LinkedHashMap<>();
    gather(Reply.class, lines("drone-reply", Reply.class), byRecord);
    List<String> missing = unshown(byRecord);
    assertThat(missing).as("reply fields docs/drone-protocol.md does not show").isEmpty();
  }

  /**
   * Each field of each record no line shows for it. A record type used in several places (a spec in
   * {@code start} and in {@code start-all}) counts as shown when any of its places shows the field.
   */
  private static List<String> unshown(Map<Class<?>, List<JsonNode>> byRecord) {
    List<String> missing = new ArrayList<>();
    byRecord.forEach(
        (record, samples) -> {
          if (samples.isEmpty()) {
            missing.add(record.getSimpleName() + " (no line)");
          }
          for (RecordComponent component : record.getRecordComponents()) {
            String name = name(component);
            if (!samples.isEmpty() && samples.stream().noneMatch(n -> n.hasNonNull(name))) {
              missing.add(record.getSimpleName() + "." + name);
            }
          }
        });
    return missing;
  }

  /** Collects, for each record type under {@code type}, the JSON objects shown for it. */
  private static void gather(Type type, List<JsonNode> shown, Map<Class<?>, List<JsonNode>> into) {
    Class<?> raw = raw(type);
    if (raw.isRecord()) {
      into.computeIfAbsent(raw, r -> new ArrayList<>()).addAll(shown);
      for (RecordComponent component : raw.getRecordComponents()) {
        String name = name(component);
        List<JsonNode> values =
            shown.stream().map(n -> n.get(name)).filter(v -> v != null && !v.isNull()).toList();
        gather(component.getGenericType(), values, into);
      }
    } else if (Collection.class.isAssignableFrom(raw) && type instanceof ParameterizedType p) {
      List<JsonNode> items = new ArrayList<>();
      shown.forEach(list -> list.forEach(items::add));
      gather(p.getActualTypeArguments()[0], items, into);
    }
  }

  private static String name(RecordComponent component) {
    JsonProperty named = component.getAccessor().getAnnotation(JsonProperty.class);
    return named == null ? component.getName() : named.value();
  }

  private static Class<?> raw(Type type) {
    return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
  }
}
