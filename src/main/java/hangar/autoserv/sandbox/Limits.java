package hangar.autoserv.sandbox;

import hangar.autoserv.sandbox.Values.Footprint;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Checks, before it runs, an operation whose cost grows faster than what it is given: {@code 'x' *
 * n}, {@code 2 ** n}, {@code s.padLeft(n)}, {@code s.replace('', t)}, {@code list.unique()}, text
 * searches. Everything else costs about what its operands hold, which the guard has charged.
 */
final class Limits {
  private Limits() {}

  /**
   * Refuses {@code receiver.name(args)} if its result would pass the limits, and charges the
   * operations that cost more than one step per element.
   *
   * @param top the receiver's footprint when it was walked deeply, else null
   * @param given the footprints of the arguments
   */
  static void check(
      String name,
      Object receiver,
      Object[] args,
      Footprint top,
      Footprint[] given,
      Budget budget) {
    Object first = args.length > 0 ? args[0] : null;
    long size = Values.size(receiver);
    switch (name) {
      case "multiply" -> multiply(receiver, first);
      case "power" -> power(receiver, first);
      case "padLeft", "padRight", "center" -> {
        if (first instanceof Number width && width.longValue() > Sandbox.MAX_TEXT) {
          throw Values.tooLarge("text padded to " + width + " characters");
        }
      }
      case "leftShift" -> leftShift(receiver, first, top, given);
      case "plus" -> plus(receiver, first, top, given);
      case "replace" -> replace(receiver, args);
      case "unique" -> budget.charge(size * size / 64);
      case "sort" -> budget.charge(size * (64 - Long.numberOfLeadingZeros(size + 1)));
      case "minus" -> budget.charge(size * Values.size(first) / 64);
      case "toString", "join", "sum" -> {
        long separators = first instanceof CharSequence separator ? separator.length() * size : 0;
        if (top != null && top.text() + separators > Sandbox.MAX_TEXT) {
          throw Values.tooLarge("text of about " + (top.text() + separators) + " characters");
        }
      }
      case "flatten" -> {
        if (top != null && top.objects() > Sandbox.MAX_ELEMENTS) {
          throw Values.tooLarge("a list of about " + top.objects() + " elements");
        }
      }
      default -> {
        // Text searches compare the needle at each place in the text: charge the product.
        if (receiver instanceof CharSequence && first instanceof CharSequence needle) {
          budget.charge(size * needle.length() / 64);
        }
      }
    }
  }

  private static void multiply(Object receiver, Object times) {
    if (!(times instanceof Number count)) {
      return;
    }
    if (receiver instanceof CharSequence text) {
      within(text.length() * count.doubleValue(), Sandbox.MAX_TEXT, "text", "characters");
    } else if (receiver instanceof Collection<?> list) {
      within(list.size() * count.doubleValue(), Sandbox.MAX_ELEMENTS, "a list", "elements");
    } else if (receiver instanceof Number number) {
      within(bits(number) + bits(count), Sandbox.MAX_BITS, "a number", "bits");
      within(scale(number) + scale(count), Sandbox.MAX_SCALE, "a number", "decimals");
    }
  }

  private static void power(Object receiver, Object exponent) {
    if (!(receiver instanceof Number base) || !(exponent instanceof Number power)) {
      return;
    }
    if (isFloating(base) || isFloating(power) || power.doubleValue() < 0) {
      return;
    }
    double times = power.doubleValue();
    within(Math.max(bits(base), 1) * times, Sandbox.MAX_BITS, "a number", "bits");
    within(scale(base) * times, Sandbox.MAX_SCALE, "a number", "decimals");
  }

  private static void leftShift(Object receiver, Object by, Footprint top, Footprint[] given) {
    if (receiver instanceof BigInteger big && by instanceof Number shift) {
      within(big.bitLength() + shift.doubleValue(), Sandbox.MAX_BITS, "a number", "bits");
    } else if (receiver instanceof CharSequence) {
      plus(receiver, by, top, given);
    }
  }

  private static void plus(Object receiver, Object other, Footprint top, Footprint[] given) {
    long otherText = given.length > 0 ? given[0].text() : 0;
    if (receiver instanceof CharSequence || other instanceof CharSequence) {
      long text = top == null ? Values.size(receiver) : top.text();
      within((double) text + otherText, Sandbox.MAX_TEXT, "text", "characters");
    } else if (receiver instanceof Collection<?> || receiver instanceof Map<?, ?>) {
      within(
          (double) Values.size(receiver) + Math.max(Values.size(other), 1),
          Sandbox.MAX_ELEMENTS,
          "a list or map",
          "elements");
    }
  }

  private static void replace(Object receiver, Object[] args) {
    if (receiver instanceof CharSequence text
        && args.length == 2
        && args[0] instanceof CharSequence target
        && args[1] instanceof CharSequence replacement) {
      double places = target.length() == 0 ? text.length() + 1.0 : text.length() / target.length();
      within(text.length() + places * replacement.length(), Sandbox.MAX_TEXT, "text", "characters");
    }
  }

  private static void within(double amount, long limit, String what, String unit) {
    if (amount > limit) {
      throw Values.tooLarge(what + " of about " + (long) amount + " " + unit);
    }
  }

  private static boolean isFloating(Number number) {
    return number instanceof Double || number instanceof Float;
  }

  /** The bits of an exact number; floating numbers do not grow, so they count none. */
  private static long bits(Number number) {
    if (number instanceof BigInteger big) {
      return big.bitLength();
    } else if (number instanceof BigDecimal decimal) {
      return decimal.unscaledValue().bitLength();
    }
    return isFloating(number) ? 0 : BigInteger.valueOf(number.longValue()).bitLength();
  }

  private static long scale(Number number) {
    return number instanceof BigDecimal decimal ? Math.abs((long) decimal.scale()) : 0;
  }
}
