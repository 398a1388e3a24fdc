package hangar.autoserv.sandbox;

import groovy.lang.Range;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Measures the values a control file holds, charging the walk to its budget. Every operation that
 * looks inside a value as deeply as it goes ({@code toString}, {@code ==}, hashing a key, {@code
 * flatten}) walks it first, so a list that holds itself a million times over ({@code l = [l, l]}
 * twenty times) costs its real size in steps and is stopped by the budget instead of spinning
 * inside the JDK.
 */
final class Values {
  /** Steps are taken from the shared budget in batches: one atomic add per batch. */
  private static final int BATCH = 1024;

  private Values() {}

  /**
   * What walking a value found.
   *
   * @param objects how many values it holds, itself included, counting a repeated one each time
   * @param text about how many characters its {@code toString} has
   */
  record Footprint(long objects, long text) {}

  /** Whether {@code value} is a plain value: text, a number, a boolean, a list, a map. */
  static boolean isPlain(Object value) {
    return value == null
        || value instanceof CharSequence
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Character
        || value instanceof Collection<?>
        || value instanceof Map<?, ?>
        || value instanceof Map.Entry<?, ?>;
  }

  /** Its length (text), size (lists, maps) or 0. Always cheap for the values a file can hold. */
  static long size(Object value) {
    if (value instanceof CharSequence text) {
      return text.length();
    } else if (value instanceof Collection<?> collection) {
      return collection.size();
    } else if (value instanceof Map<?, ?> map) {
      return map.size();
    }
    return 0;
  }

  /**
   * Charges a walk of the top of {@code value} only: its size, for an operation that goes over its
   * elements once without looking into them.
   */
  static void shallow(Object value, Budget budget) {
    if (value instanceof Number number) {
      checkNumber(number);
    }
    long size = size(value);
    budget.charge(1 + (value instanceof CharSequence ? size / 16 : size));
  }

  /**
   * Walks all of {@code value}, charging one step per value found (text: one per 16 characters).
   *
   * @throws SandboxRefusal when the budget runs out or the value nests deeper than {@link
   *     Sandbox#MAX_NESTING}
   */
  static Footprint deep(Object value, Budget budget) {
    Deque<Object> values = new ArrayDeque<>();
    Deque<Integer> depths = new ArrayDeque<>();
    values.push(value == null ? NULL : value);
    depths.push(0);
    long objects = 0;
    long text = 0;
    long pending = 0;
    while (!values.isEmpty()) {
      Object next = values.pop();
      int depth = depths.pop();
      objects++;
      pending++;
      if (next instanceof CharSequence chars) {
        text += chars.length();
        pending += chars.length() / 16;
      } else if (next instanceof Number number) {
        checkNumber(number);
        text += digits(number);
      } else if (next instanceof Range<?> range) {
        // A range holds numbers or characters made on demand: counted, not walked.
        int size = range.size();
        objects += size;
        text += 2 + 12L * size;
        pending += size;
      } else if (isContainer(next)) {
        if (depth >= Sandbox.MAX_NESTING) {
          throw new SandboxRefusal(
              "a list or map of the control file nests deeper than "
                  + Sandbox.MAX_NESTING
                  + " levels (or holds itself)");
        }
        List<Object> inside = elements(next);
        text += 2 + 4L * inside.size();
        pending += inside.size();
        for (Object element : inside) {
          values.push(element == null ? NULL : element);
          depths.push(depth + 1);
        }
      } else {
        text += next == NULL ? 4 : 64;
      }
      if (pending >= BATCH) {
        budget.charge(pending);
        pending = 0;
      }
    }
    budget.charge(pending);
    return new Footprint(objects, text);
  }

  private static final Object NULL = new Object();

  private static boolean isContainer(Object value) {
    return value instanceof Collection<?>
        || value instanceof Map<?, ?>
        || value instanceof Map.Entry<?, ?>
        || value.getClass().isArray();
  }

  private static List<Object> elements(Object container) {
    List<Object> inside = new ArrayList<>();
    if (container instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        inside.add(entry.getKey());
        inside.add(entry.getValue());
      }
    } else if (container instanceof Map.Entry<?, ?> entry) {
      inside.add(entry.getKey());
      inside.add(entry.getValue());
    } else if (container instanceof Collection<?> collection) {
      inside.addAll(collection);
    } else {
      for (int i = 0; i < Array.getLength(container); i++) {
        inside.add(Array.get(container, i));
      }
    }
    return inside;
  }

  /** About how many characters {@code number} prints as. */
  private static long digits(Number number) {
    if (number instanceof BigInteger big) {
      return 2 + big.bitLength() / 3;
    } else if (number instanceof BigDecimal decimal) {
      return 3 + decimal.unscaledValue().bitLength() / 3 + Math.abs((long) decimal.scale());
    }
    return 24;
  }

  /**
   * Refuses a number too large to compute with in bounded time: a {@link BigInteger} past {@link
   * Sandbox#MAX_BITS} bits, a {@link BigDecimal} past those digits or with a scale past {@link
   * Sandbox#MAX_SCALE} ({@code 1e999999999} prints as a billion digits).
   */
  static void checkNumber(Number number) {
    if (number instanceof BigInteger big && big.bitLength() > Sandbox.MAX_BITS) {
      throw tooLarge("a whole number of " + big.bitLength() + " bits");
    } else if (number instanceof BigDecimal decimal
        && (decimal.unscaledValue().bitLength() > Sandbox.MAX_BITS
            || Math.abs((long) decimal.scale()) > Sandbox.MAX_SCALE)) {
      throw tooLarge("a decimal number with scale " + decimal.scale());
    }
  }

  static SandboxRefusal tooLarge(String what) {
    return new SandboxRefusal(
        what
            + " is larger than a control file may make (at most "
            + Sandbox.MAX_TEXT
            + " characters of text, "
            + Sandbox.MAX_ELEMENTS
            + " elements in a list or map, "
            + Sandbox.MAX_BITS
            + " bits in a number)");
  }

  /**
   * Makes a result fit for the control file: an array becomes a list (a file has no use for arrays
   * and the guard never lets one through), and a result past the limits is refused. When {@code
   * charge}, what the result holds is charged as made: a character one step, an element eight.
   */
  static Object settle(Object result, boolean charge, Budget budget) {
    Object value = result;
    if (value != null && value.getClass().isArray()) {
      int length = Array.getLength(value);
      List<Object> list = new ArrayList<>(length);
      for (int i = 0; i < length; i++) {
        list.add(Array.get(value, i));
      }
      value = list;
    }
    if (value instanceof Number number) {
      checkNumber(number);
    }
    long size = size(value);
    if (value instanceof CharSequence && size > Sandbox.MAX_TEXT) {
      throw tooLarge("text of " + size + " characters");
    } else if ((value instanceof Collection<?> || value instanceof Map<?, ?>)
        && size > Sandbox.MAX_ELEMENTS) {
      throw tooLarge("a list or map of " + size + " elements");
    }
    if (charge) {
      budget.charge(value instanceof CharSequence ? size : 8 * size);
    }
    return value;
  }
}
