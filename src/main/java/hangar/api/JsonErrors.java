package hangar.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Says what is wrong with a request body in the API's words: the field by its JSON path and the
 * kind of value it takes, never Jackson's message, which names Java types and echoes the input.
 */
final class JsonErrors {
  private JsonErrors() {}

  /** One sentence for a body Jackson could not read. */
  static String describe(JacksonException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      String where = where(e, 1);
      Collection<Object> known = u.getKnownPropertyIds();
      return "unknown field '"
          + u.getPropertyName()
          + "'"
          + (where.equals("the body") ? "" : " in " + where)
          + (known == null || known.isEmpty()
              ? ""
              : "; the fields are "
                  + new TreeSet<>(known.stream().map(Object::toString).toList())
                      .stream().collect(Collectors.joining(", ")));
    }
    String where = where(e, 0);
    if (e instanceof InvalidNullException) {
      return where + " must not be null";
    }
    Throwable cause = e.getCause();
    InputCoercionException coercion =
        e instanceof InputCoercionException c
            ? c
            : cause instanceof InputCoercionException c ? c : null;
    if (coercion != null) {
      return where + " is out of range: it must be " + expected(coercion.getTargetType());
    }
    if (e instanceof StreamConstraintsException || cause instanceof StreamConstraintsException) {
      return "the body is nested too deeply or holds a number or text too long";
    }
    if (e instanceof MismatchedInputException m) {
      Class<?> type = m.getTargetType();
      return type == null || JsonNode.class.isAssignableFrom(type)
          ? "the body must be one JSON value with nothing after it"
          : where + " must be " + expected(type);
    }
    if (e instanceof JsonMappingException) {
      return where + " is not what this route takes; see docs/api.md";
    }
    JsonLocation at = e.getLocation();
    return "the body is not valid JSON"
        + (at == null || at.getLineNr() < 1
            ? ""
            : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
  }

  /**
   * {@code field 'labels[0]'}, or {@code the body} when the error is at the top; without the last
   * {@code drop} steps of the path.
   */
  private static String where(JacksonException e, int drop) {
    if (!(e instanceof JsonMappingException m) || m.getPath().size() <= drop) {
      return "the body";
    }
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : m.getPath().subList(0, m.getPath().size() - drop)) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "the body" : "field '" + path + "'";
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type; see docs/api.md";
    }
    if (type == Integer.class || type == int.class) {
      return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
    }
    if (type == Long.class || type == long.class) {
      return "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "text";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "of another type; see docs/api.md";
  }
}
