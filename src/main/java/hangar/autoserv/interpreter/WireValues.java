package hangar.autoserv.interpreter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a control file passes to the DSL, as JSON values for the drone: text, numbers, true/false,
 * lists and maps as themselves, a host from {@code hosts.create} as {@code {"$hangar.host":
 * machine}}. Anything else (a closure, a class, an object of the file's own) is refused with a
 * message saying what may be passed.
 */
public final class WireValues {
  /** The key of a host in a map: {@code {"$hangar.host": "root@box:22"}}. */
  public static final String HOST_KEY = "$hangar.host";

  /** How deeply lists and maps passed to the DSL may nest. */
  static final int MAX_DEPTH = 100;

  private WireValues() {}

  /**
   * The value as JSON's types.
   *
   * @param value what the control file passed
   * @param call the call, for the message ({@code job.run_test})
   * @throws IllegalArgumentException for a value the DSL does not take
   */
  static Object encode(Object value, String call) {
    return encode(value, call, 0);
  }

  private static Object encode(Object value, String call, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          call + ": lists and maps nest deeper than " + MAX_DEPTH + " (one holds itself?)");
    }
    if (value == null || value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof BigInteger
        || value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof Short || value instanceof Byte) {
      return ((Number) value).intValue();
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (Double.isNaN(number) || Double.isInfinite(number)) {
        throw new IllegalArgumentException(call + ": " + number + " is not a number it takes");
      }
      return BigDecimal.valueOf(number);
    }
    if (value instanceof CharSequence || value instanceof Character) {
      return value.toString();
    }
    if (value instanceof ScriptHost host) {
      return Map.of(HOST_KEY, host.getMachine());
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = String.valueOf(entry.getKey());
        if (key.equals(HOST_KEY)) {
          throw new IllegalArgumentException(call + ": a map key may not be " + HOST_KEY);
        }
        out.put(key, encode(entry.getValue(), call, depth + 1));
      }
      return out;
    }
    if (value instanceof Collection<?> || value instanceof Object[]) {
      Iterable<?> items =
          value instanceof Object[] array ? Arrays.asList(array) : (Collection<?>) value;
      List<Object> out = new ArrayList<>();
      for (Object item : items) {
        out.add(encode(item, call, depth + 1));
      }
      return out;
    }
    throw new IllegalArgumentException(
        call
            + " cannot take a "
            + value.getClass().getSimpleName()
            + ": pass text, numbers, true/false, lists, maps or hosts");
  }
}
