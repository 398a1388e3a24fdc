package hangar.autoserv.sandbox;

import groovy.lang.Range;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What {@code x[i]} and {@code a..b} may take in a control file. On anything but a map, Groovy
 * reads a text index as a property ({@code x['class']}, {@code list['owner']}), so indexes are
 * numbers and ranges of them; ranges are of numbers or single characters and not longer than a list
 * may be.
 */
final class Indexes {
  private Indexes() {}

  /**
   * Checks {@code receiver[index]} (or its assignment when {@code write}).
   *
   * @throws SandboxRefusal for another receiver or index
   */
  static void check(Object receiver, Object index, boolean write) {
    if (receiver instanceof Map<?, ?>) {
      return;
    }
    boolean indexable = receiver instanceof List<?> || (!write && receiver instanceof CharSequence);
    if (!indexable) {
      throw new SandboxRefusal(
          (write ? "assigning to" : "reading")
              + " x[...] of a "
              + (receiver == null ? "null" : receiver.getClass().getSimpleName())
              + " is not allowed in a control file; index lists, text and maps");
    }
    if (index instanceof Number number) {
      if (write && number.longValue() >= Sandbox.MAX_ELEMENTS) {
        throw Values.tooLarge("a list of " + number + " elements");
      }
    } else if (!(index instanceof Range<?>) && !isNumbers(index)) {
      throw new SandboxRefusal(
          "an index into a list or text is a number or a range of numbers in a control file, not"
              + " a "
              + (index == null ? "null" : index.getClass().getSimpleName())
              + "; for a map, use map.get(key)");
    }
  }

  private static boolean isNumbers(Object index) {
    if (!(index instanceof Collection<?> indexes)) {
      return false;
    }
    for (Object one : indexes) {
      if (!(one instanceof Number) && !(one instanceof Range<?>)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks the ends of {@code from..to}.
   *
   * @throws SandboxRefusal unless both are numbers at most {@link Sandbox#MAX_ELEMENTS} apart, or
   *     single characters
   */
  static void checkRange(Object from, Object to) {
    if (from instanceof Number first && to instanceof Number last) {
      Values.checkNumber(first);
      Values.checkNumber(last);
      BigDecimal span = new BigDecimal(last.toString()).subtract(new BigDecimal(first.toString()));
      if (span.abs().compareTo(BigDecimal.valueOf(Sandbox.MAX_ELEMENTS)) > 0) {
        throw Values.tooLarge("a range of " + span.abs().toBigInteger() + " elements");
      }
    } else if (!(isCharacter(from) && isCharacter(to))) {
      throw new SandboxRefusal(
          "a range in a control file goes from a number to a number or from a character to a"
              + " character");
    }
  }

  private static boolean isCharacter(Object end) {
    return end instanceof Character || (end instanceof CharSequence text && text.length() == 1);
  }
}
