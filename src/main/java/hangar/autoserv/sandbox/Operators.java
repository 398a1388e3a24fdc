package hangar.autoserv.sandbox;

import static org.codehaus.groovy.syntax.Types.BITWISE_AND;
import static org.codehaus.groovy.syntax.Types.BITWISE_AND_EQUAL;
import static org.codehaus.groovy.syntax.Types.BITWISE_OR;
import static org.codehaus.groovy.syntax.Types.BITWISE_OR_EQUAL;
import static org.codehaus.groovy.syntax.Types.BITWISE_XOR;
import static org.codehaus.groovy.syntax.Types.BITWISE_XOR_EQUAL;
import static org.codehaus.groovy.syntax.Types.COMPARE_EQUAL;
import static org.codehaus.groovy.syntax.Types.COMPARE_GREATER_THAN;
import static org.codehaus.groovy.syntax.Types.COMPARE_GREATER_THAN_EQUAL;
import static org.codehaus.groovy.syntax.Types.COMPARE_IDENTICAL;
import static org.codehaus.groovy.syntax.Types.COMPARE_LESS_THAN;
import static org.codehaus.groovy.syntax.Types.COMPARE_LESS_THAN_EQUAL;
import static org.codehaus.groovy.syntax.Types.COMPARE_NOT_EQUAL;
import static org.codehaus.groovy.syntax.Types.COMPARE_NOT_IDENTICAL;
import static org.codehaus.groovy.syntax.Types.COMPARE_NOT_IN;
import static org.codehaus.groovy.syntax.Types.COMPARE_TO;
import static org.codehaus.groovy.syntax.Types.DIVIDE;
import static org.codehaus.groovy.syntax.Types.DIVIDE_EQUAL;
import static org.codehaus.groovy.syntax.Types.IMPLIES;
import static org.codehaus.groovy.syntax.Types.INTDIV;
import static org.codehaus.groovy.syntax.Types.INTDIV_EQUAL;
import static org.codehaus.groovy.syntax.Types.KEYWORD_IN;
import static org.codehaus.groovy.syntax.Types.LEFT_SHIFT;
import static org.codehaus.groovy.syntax.Types.LEFT_SHIFT_EQUAL;
import static org.codehaus.groovy.syntax.Types.LOGICAL_AND;
import static org.codehaus.groovy.syntax.Types.LOGICAL_OR;
import static org.codehaus.groovy.syntax.Types.MINUS;
import static org.codehaus.groovy.syntax.Types.MINUS_EQUAL;
import static org.codehaus.groovy.syntax.Types.MULTIPLY;
import static org.codehaus.groovy.syntax.Types.MULTIPLY_EQUAL;
import static org.codehaus.groovy.syntax.Types.PLUS;
import static org.codehaus.groovy.syntax.Types.PLUS_EQUAL;
import static org.codehaus.groovy.syntax.Types.POWER;
import static org.codehaus.groovy.syntax.Types.POWER_EQUAL;
import static org.codehaus.groovy.syntax.Types.REMAINDER;
import static org.codehaus.groovy.syntax.Types.REMAINDER_EQUAL;
import static org.codehaus.groovy.syntax.Types.RIGHT_SHIFT;
import static org.codehaus.groovy.syntax.Types.RIGHT_SHIFT_EQUAL;
import static org.codehaus.groovy.syntax.Types.RIGHT_SHIFT_UNSIGNED;
import static org.codehaus.groovy.syntax.Types.RIGHT_SHIFT_UNSIGNED_EQUAL;

import java.util.Map;
import java.util.Set;

/**
 * The binary operators a control file may use, by Groovy token type, with the method each stands
 * for. An operator is a method call on its left operand ({@code 'x' << y} is {@code
 * 'x'.leftShift(y)}), so the guard checks it like one.
 */
final class Operators {
  /** Arithmetic and bit operators, by the method Groovy calls for them. */
  static final Map<Integer, String> ARITHMETIC =
      Map.ofEntries(
          Map.entry(PLUS, "plus"),
          Map.entry(MINUS, "minus"),
          Map.entry(MULTIPLY, "multiply"),
          Map.entry(DIVIDE, "div"),
          Map.entry(INTDIV, "intdiv"),
          Map.entry(REMAINDER, "remainder"),
          Map.entry(POWER, "power"),
          Map.entry(LEFT_SHIFT, "leftShift"),
          Map.entry(RIGHT_SHIFT, "rightShift"),
          Map.entry(RIGHT_SHIFT_UNSIGNED, "rightShiftUnsigned"),
          Map.entry(BITWISE_AND, "and"),
          Map.entry(BITWISE_OR, "or"),
          Map.entry(BITWISE_XOR, "xor"));

  /** {@code x += y} and friends, by the operator they apply. */
  static final Map<Integer, Integer> COMPOUND =
      Map.ofEntries(
          Map.entry(PLUS_EQUAL, PLUS),
          Map.entry(MINUS_EQUAL, MINUS),
          Map.entry(MULTIPLY_EQUAL, MULTIPLY),
          Map.entry(DIVIDE_EQUAL, DIVIDE),
          Map.entry(INTDIV_EQUAL, INTDIV),
          Map.entry(REMAINDER_EQUAL, REMAINDER),
          Map.entry(POWER_EQUAL, POWER),
          Map.entry(LEFT_SHIFT_EQUAL, LEFT_SHIFT),
          Map.entry(RIGHT_SHIFT_EQUAL, RIGHT_SHIFT),
          Map.entry(RIGHT_SHIFT_UNSIGNED_EQUAL, RIGHT_SHIFT_UNSIGNED),
          Map.entry(BITWISE_AND_EQUAL, BITWISE_AND),
          Map.entry(BITWISE_OR_EQUAL, BITWISE_OR),
          Map.entry(BITWISE_XOR_EQUAL, BITWISE_XOR));

  /** Comparisons, by the name {@link Guard#compare} takes. */
  static final Map<Integer, String> COMPARISONS =
      Map.ofEntries(
          Map.entry(COMPARE_EQUAL, "=="),
          Map.entry(COMPARE_NOT_EQUAL, "!="),
          Map.entry(COMPARE_IDENTICAL, "==="),
          Map.entry(COMPARE_NOT_IDENTICAL, "!=="),
          Map.entry(COMPARE_LESS_THAN, "<"),
          Map.entry(COMPARE_LESS_THAN_EQUAL, "<="),
          Map.entry(COMPARE_GREATER_THAN, ">"),
          Map.entry(COMPARE_GREATER_THAN_EQUAL, ">="),
          Map.entry(COMPARE_TO, "<=>"),
          Map.entry(KEYWORD_IN, "in"),
          Map.entry(COMPARE_NOT_IN, "!in"));

  /** {@code &&}, {@code ||} and {@code ==>}: they only ask whether their operands are true. */
  static final Set<Integer> LOGICAL = Set.of(LOGICAL_AND, LOGICAL_OR, IMPLIES);

  private Operators() {}
}
