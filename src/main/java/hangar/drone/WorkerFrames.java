package hangar.drone;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@link WorkerFrame}s. Reading is strict, because a frame comes from the other
 * end of a network link: one JSON object holding exactly the fields of one frame record (as its
 * {@link JsonProperty} names them, or a {@link JsonAlias}), each of the record's type, none
 * missing, none unknown, none given twice. Anything else is refused with an {@link
 * IllegalArgumentException} whose message names the field, before any of the frame is used.
 */
final class WorkerFrames {
  /** The field that tells a frame's kind, and the record it is read into. */
  private static final Map<String, Class<? extends WorkerFrame>> KINDS = kinds();

  private static final ObjectMapper JSON = DroneJson.create();
  private static final ObjectReader TREES =
      JSON.reader()
          .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private WorkerFrames() {}

  private static Map<String, Class<? extends WorkerFrame>> kinds() {
    Map<String, Class<? extends WorkerFrame>> kinds = new LinkedHashMap<>();
    kinds.put("hello", WorkerFrame.HelloFrame.class);
    kinds.put("heartbeat", WorkerFrame.HeartbeatFrame.class);
    kinds.put("request", WorkerFrame.RequestFrame.class);
    kinds.put("reply", WorkerFrame.ReplyFrame.class);
    return kinds;
  }

  /** The frame's kind as docs/api.md names it: {@code hello}, {@code heartbeat}, ... */
  static String kind(WorkerFrame frame) {
    return KINDS.entrySet().stream()
        .filter(e -> e.getValue() == frame.getClass())
        .findFirst()
        .orElseThrow()
        .getKey();
  }

  /** The frame as one line of JSON. */
  static String write(WorkerFrame frame) {
    try {
      return JSON.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a worker frame; a bug", e);
    }
  }

  /**
   * Reads one frame.
   *
   * @throws IllegalArgumentException for anything but one well-formed frame, saying what is wrong
   */
  static WorkerFrame parse(String text) {
    JsonNode tree;
    try {
      tree = TREES.readTree(text);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("a frame must be JSON: " + e.getOriginalMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException("a frame must be one JSON object");
    }
    List<String> kinds = KINDS.keySet().stream().filter(tree::has).toList();
    if (kinds.size() != 1) {
      throw new IllegalArgumentException(
          "a frame holds exactly one of "
              + String.join(", ", KINDS.keySet())
              + "; this one held "
              + (kinds.isEmpty() ? fieldNames(tree) : String.join(" and ", kinds)));
    }
    Class<? extends WorkerFrame> type = KINDS.get(kinds.get(0));
    check(tree, type, "", kinds.get(0));
    try {
      return JSON.treeToValue(tree, type);
    } catch (JacksonException e) {
      // Only a record's own check fails here: the fields were all checked above.
      if (e.getCause() instanceof IllegalArgumentException refused) {
        throw new IllegalArgumentException(refused.getMessage(), e);
      }
      throw new IllegalArgumentException(
          "a " + kinds.get(0) + " frame cannot be read: " + e.getOriginalMessage(), e);
    }
  }

  private static void check(JsonNode object, Class<?> type, String path, String kind) {
    Map<String, RecordComponent> byName = new LinkedHashMap<>();
    for (RecordComponent component : type.getRecordComponents()) {
      for (String name : names(component)) {
        byName.put(name, component);
      }
    }
    for (Map.Entry<String, JsonNode> entry : object.properties()) {
      String field = entry.getKey();
      if (!byName.containsKey(field)) {
        throw new IllegalArgumentException(
            "unknown field '"
                + path
                + quote(field)
                + "'; a "
                + kind
                + " takes "
                + String.join(", ", byName.keySet()));
      }
    }
    for (RecordComponent component : type.getRecordComponents()) {
      List<String> given = names(component).stream().filter(object::has).toList();
      String field = path + names(component).get(0);
      if (given.size() > 1) {
        throw new IllegalArgumentException(
            "field '" + field + "' is given twice, as " + String.join(" and ", given));
      }
      if (given.isEmpty()) {
        throw new IllegalArgumentException("field '" + field + "' is missing from the " + kind);
      }
      checkValue(object.get(given.get(0)), component.getType(), field, kind);
    }
  }

  private static void checkValue(JsonNode value, Class<?> type, String field, String kind) {
    boolean fits;
    String wanted;
    if (type == String.class) {
      fits = value.isTextual() && isWhole(value.asText());
      wanted = value.isTextual() ? "text without NUL or half a surrogate pair" : "text";
    } else if (type == long.class) {
      fits = value.isIntegralNumber() && value.canConvertToLong();
      wanted = "a whole number of 64 bits";
    } else if (type.isRecord()) {
      fits = value.isObject();
      wanted = "an object";
    } else {
      throw new IllegalStateException("a frame field of type " + type + " is not checked; a bug");
    }
    if (!fits) {
      throw new IllegalArgumentException(
          "field '"
              + field
              + "' must be "
              + wanted
              + (type == String.class && value.isTextual() ? "" : ", was " + describe(value)));
    }
    if (type.isRecord()) {
      check(value, type, field + ".", kind);
    }
  }

  /** The JSON names of a record component: its name, then its aliases. */
  static List<String> names(RecordComponent component) {
    List<String> names = new ArrayList<>();
    JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
    names.add(property == null ? component.getName() : property.value());
    JsonAlias alias = component.getAccessor().getAnnotation(JsonAlias.class);
    if (alias != null) {
      names.addAll(List.of(alias.value()));
    }
    return names;
  }

  private static String describe(JsonNode value) {
    return switch (value.getNodeType()) {
      case NULL -> "null";
      case OBJECT -> "an object";
      case ARRAY -> "a list";
      case STRING -> "text";
      case BOOLEAN -> "a boolean";
      case NUMBER -> value.isIntegralNumber() ? "a number out of range" : "a fraction";
      default -> value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.properties().forEach(e -> names.add("'" + quote(e.getKey()) + "'"));
    return names.isEmpty() ? "no field" : String.join(", ", names);
  }

  /** A name the worker sent, made safe for a log line and a close reason. */
  static String quote(String text) {
    StringBuilder safe = new StringBuilder();
    text.codePoints()
        .limit(40)
        .forEach(c -> safe.append(c >= 0x20 && c < 0x7f && c != '\'' ? (char) c : '?'));
    return text.codePointCount(0, text.length()) > 40 ? safe + "..." : safe.toString();
  }

  private static boolean isWhole(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0
          || (Character.isHighSurrogate(c)
              && (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(++i))))
          || Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
