package hangar.api;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.json.JavalinJackson;
import io.javalin.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The API's JSON mapper: answers are written as {@link JavalinJackson} writes them; request bodies
 * are read strictly, so that a malformed body is a clear 400 and never reaches a route half-read. A
 * body must be one JSON value of the route's shape, not {@code null}, without duplicate keys,
 * unknown fields, {@code null} items in lists, or a value of another type that Jackson would
 * otherwise convert ({@code "22"} for a number, {@code 1.5} for a whole number, {@code 7} for
 * text); and no text in it may hold NUL or half a surrogate pair, which no field takes and some
 * databases cannot store.
 */
final class RequestBodies implements JsonMapper {
  private final JavalinJackson writer;
  private final ObjectMapper mapper;
  private final ObjectReader trees;

  RequestBodies() {
    this.writer = new JavalinJackson(Json.mapper(), true);
    this.mapper =
        Json.mapper()
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
    refuse(LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float);
    refuse(LogicalType.Textual, CoercionInputShape.Boolean);
    refuse(LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.Float);
    refuse(LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.Integer);
    refuse(LogicalType.Float, CoercionInputShape.String);
    this.trees =
        mapper
            .reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  private void refuse(LogicalType type, CoercionInputShape... shapes) {
    for (CoercionInputShape shape : shapes) {
      mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
    }
  }

  @Override
  @SuppressWarnings("TypeParameterUnusedInFormals") // Javalin's JsonMapper declares it so
  public <T> T fromJsonString(String json, Type targetType) {
    JsonNode tree;
    try {
      tree = trees.readTree(json);
    } catch (JacksonException e) {
      throw new MalformedBodyException(JsonErrors.describe(e), e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new IllegalArgumentException("the request has no body; send a JSON object");
    }
    if (tree.isNull()) {
      throw new IllegalArgumentException("the body is null; send a JSON object");
    }
    checkText(tree, "");
    try {
      return mapper.readerFor(mapper.constructType(targetType)).readValue(tree);
    } catch (JacksonException e) {
      throw new MalformedBodyException(JsonErrors.describe(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request body", e);
    }
  }

  @Override
  @SuppressWarnings("TypeParameterUnusedInFormals") // Javalin's JsonMapper declares it so
  public <T> T fromJsonStream(InputStream json, Type targetType) {
    try (json) {
      return fromJsonString(new String(json.readAllBytes(), StandardCharsets.UTF_8), targetType);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request body", e);
    }
  }

  @Override
  public String toJsonString(Object obj, Type type) {
    return writer.toJsonString(obj, type);
  }

  @Override
  public InputStream toJsonStream(Object obj, Type type) {
    return writer.toJsonStream(obj, type);
  }

  @Override
  public void writeToOutputStream(Stream<?> stream, OutputStream outputStream) {
    writer.writeToOutputStream(stream, outputStream);
  }

  /** Refuses NUL and broken surrogate pairs anywhere in the body, naming the field. */
  private static void checkText(JsonNode node, String path) {
    if (node.isTextual()) {
      checkString(node.asText(), path);
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        checkString(field.getKey(), path.isEmpty() ? "a field name" : path);
        checkText(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkText(node.get(i), path + "[" + i + "]");
      }
    }
  }

  private static void checkString(String text, String path) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean broken =
          Character.isHighSurrogate(c)
              ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(++i))
              : Character.isLowSurrogate(c);
      if (c == 0 || broken) {
        throw new IllegalArgumentException(
            (path.isEmpty() ? "the body" : "field '" + path + "'")
                + " holds a NUL character or half of a surrogate pair, which no field takes");
      }
    }
  }
}
