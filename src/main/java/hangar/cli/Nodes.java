package hangar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading fields of the API's JSON for display, where missing and null both show as empty. */
public final class Nodes {
  private Nodes() {}

  /** The field as text, or empty when it is missing or null. */
  public static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "" : value.asText();
  }

  /** A boolean field as {@code yes} or {@code no}. */
  public static String yesNo(JsonNode node, String field) {
    return node.path(field).asBoolean(false) ? "yes" : "no";
  }

  /** An array of strings joined by {@code ", "}, or empty. */
  public static String joined(JsonNode node, String field) {
    List<String> parts = new ArrayList<>();
    for (JsonNode item : node.path(field)) {
      parts.add(item.asText());
    }
    return String.join(", ", parts);
  }

  /** An object of counts such as {@code {"Running": 1}} as {@code Running=1, ...}. */
  static String counts(JsonNode node, String field) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> count : node.path(field).properties()) {
      parts.add(count.getKey() + "=" + count.getValue().asText());
    }
    return String.join(", ", parts);
  }
}
