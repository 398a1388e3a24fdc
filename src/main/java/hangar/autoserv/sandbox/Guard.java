package hangar.autoserv.sandbox;

import groovy.lang.Closure;
import groovy.lang.GString;
import java.util.List;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.runtime.ScriptBytecodeAdapter;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

/**
 * What a sandboxed control file calls at run time: the compiler puts a call to one of these
 * wherever the file calls a method on a value, applies an operator, indexes, builds a range or a
 * string, returns from a closure, loops or enters a method ({@link GuardInsertion}). Each checks
 * what the value really is and charges the session's {@link Budget}. The first argument is always
 * the script (or the closure) that calls: it leads to the budget.
 *
 * <p>Public only because the compiled script lives in another class loader; a control file cannot
 * name this class (the sandbox refuses every class name).
 */
public final class Guard {
  private Guard() {}

  /**
   * {@code receiver.name(args)} and {@code receiver?.name(args)}.
   *
   * @throws Throwable what the method throws, or {@link SandboxRefusal}
   */
  public static Object call(Object self, Object receiver, String name, boolean safe, Object[] args)
      throws Throwable {
    if (safe && receiver == null) {
      return null;
    }
    return ValueCalls.call(Budget.of(self), receiver, name, args);
  }

  /**
   * {@code receiver.name} for a property the DSL gives its values ({@code h.hostname}).
   *
   * @throws SandboxRefusal for any other property or receiver
   */
  public static Object property(Object self, Object receiver, String name, boolean safe) {
    if (safe && receiver == null) {
      return null;
    }
    Budget budget = Budget.of(self);
    budget.charge(1);
    if (!budget.dsl().propertiesOf(receiver).contains(name)) {
      throw new SandboxRefusal(
          "reading '."
              + name
              + "' of a "
              + (receiver == null ? "null" : receiver.getClass().getSimpleName())
              + " is not allowed in a control file");
    }
    return InvokerHelper.getProperty(receiver, name);
  }

  /**
   * {@code left op right} for an arithmetic or bit operator, by the method it stands for.
   *
   * @throws Throwable what the operator's method throws, or {@link SandboxRefusal}
   */
  public static Object op(Object self, String method, Object left, Object right) throws Throwable {
    return ValueCalls.operator(Budget.of(self), left, method, right);
  }

  /**
   * {@code left op right} for a comparison: {@code ==}, {@code <}, {@code <=>}, {@code in}...
   *
   * @throws Throwable what comparing throws, or {@link SandboxRefusal}
   */
  public static Object compare(Object self, String op, Object left, Object right) throws Throwable {
    Budget budget = Budget.of(self);
    budget.charge(1);
    Values.deep(left, budget);
    Values.deep(right, budget);
    return switch (op) {
      case "==" -> ScriptBytecodeAdapter.compareEqual(left, right);
      case "!=" -> ScriptBytecodeAdapter.compareNotEqual(left, right);
      case "===" -> ScriptBytecodeAdapter.compareIdentical(left, right);
      case "!==" -> ScriptBytecodeAdapter.compareNotIdentical(left, right);
      case "<" -> ScriptBytecodeAdapter.compareLessThan(left, right);
      case "<=" -> ScriptBytecodeAdapter.compareLessThanEqual(left, right);
      case ">" -> ScriptBytecodeAdapter.compareGreaterThan(left, right);
      case ">=" -> ScriptBytecodeAdapter.compareGreaterThanEqual(left, right);
      case "<=>" -> ScriptBytecodeAdapter.compareTo(left, right);
      case "in" -> isCase(budget, left, right);
      case "!in" -> !isCase(budget, left, right);
      default -> throw new IllegalArgumentException("no comparison '" + op + "'; a bug");
    };
  }

  /**
   * A {@code case} value of a {@code switch}: checked like the right side of {@code in}.
   *
   * @throws SandboxRefusal for a closure that is not the file's own
   */
  public static Object caseValue(Object self, Object value) {
    Budget budget = Budget.of(self);
    checkCase(budget, value);
    Values.deep(value, budget);
    return value;
  }

  private static boolean isCase(Budget budget, Object value, Object container) throws Throwable {
    checkCase(budget, container);
    return ScriptBytecodeAdapter.isCase(value, container);
  }

  private static void checkCase(Budget budget, Object container) {
    if (container instanceof Closure<?> closure
        && closure.getThisObject() != budget.script()
        && !budget.isFunction(closure)) {
      throw new SandboxRefusal("only the control file's own closures may be used with 'in'");
    } else if (!(container instanceof Closure<?>) && !Values.isPlain(container)) {
      throw new SandboxRefusal(
          "'in' and case work on text, numbers, lists, maps and closures in a control file, not"
              + " on a "
              + container.getClass().getSimpleName());
    }
  }

  /**
   * {@code text ==~ regex}, charged as the matcher reads.
   *
   * @throws SandboxRefusal unless both sides are text
   */
  public static boolean matches(Object self, Object text, Object regex) {
    Budget budget = Budget.of(self);
    if (!(text instanceof CharSequence chars) || !(regex instanceof CharSequence pattern)) {
      throw new SandboxRefusal("'==~' takes text on both sides in a control file");
    }
    budget.charge(1);
    return Regexes.matches(chars, pattern, budget);
  }

  /**
   * {@code ~x}: bitwise negation of a number. On text it would make a {@link
   * java.util.regex.Pattern}, which a control file has no use for.
   *
   * @throws SandboxRefusal for anything but a number
   */
  public static Object bitwiseNegate(Object self, Object value) throws Throwable {
    Budget.of(self).charge(1);
    if (!(value instanceof Number)) {
      throw new SandboxRefusal(
          "'~' negates numbers only in a control file; write a regular expression as text");
    }
    return ScriptBytecodeAdapter.bitwiseNegate(value);
  }

  /**
   * {@code receiver[index]}: a number or range of numbers into a list or text, any key into a map.
   *
   * @throws Throwable what indexing throws, or {@link SandboxRefusal} for a property name used as
   *     an index ({@code x['class']})
   */
  public static Object getAt(Object self, Object receiver, Object index, boolean safe)
      throws Throwable {
    if (safe && receiver == null) {
      return null;
    }
    Budget budget = Budget.of(self);
    Indexes.check(receiver, index, false);
    // One element is already the file's; a range of them is a new list.
    return ValueCalls.index(
        budget, receiver, "getAt", new Object[] {index}, !(index instanceof Number));
  }

  /**
   * {@code receiver[index] = value}; returns {@code value}.
   *
   * @throws Throwable what it throws, or {@link SandboxRefusal} as {@link #getAt}, or for an index
   *     past the size a list may have
   */
  public static Object putAt(Object self, Object receiver, Object index, Object value)
      throws Throwable {
    Budget budget = Budget.of(self);
    Indexes.check(receiver, index, true);
    ValueCalls.index(budget, receiver, "putAt", new Object[] {index, value}, false);
    return value;
  }

  /**
   * {@code from..to} and its exclusive forms, of whole numbers or single characters, at most {@link
   * Sandbox#MAX_ELEMENTS} long.
   *
   * @throws Throwable what making the range throws, or {@link SandboxRefusal}
   */
  public static List<?> range(
      Object self, Object from, Object to, boolean exclusiveLeft, boolean exclusiveRight)
      throws Throwable {
    Budget.of(self).charge(1);
    Indexes.checkRange(from, to);
    return ScriptBytecodeAdapter.createRange(from, to, exclusiveLeft, exclusiveRight);
  }

  /**
   * {@code "...${x}..."}, made into its text at once, after checking that it stays within {@link
   * Sandbox#MAX_TEXT}.
   *
   * @throws SandboxRefusal for a closure inside, or text past the limit
   */
  public static String text(Object self, GString text) {
    Budget budget = Budget.of(self);
    long length = 0;
    for (String part : text.getStrings()) {
      length += part.length();
    }
    for (Object value : text.getValues()) {
      if (value instanceof Closure<?>) {
        throw new SandboxRefusal("a closure inside \"${...}\" is not allowed in a control file");
      }
      length += Values.deep(value, budget).text();
    }
    if (length > Sandbox.MAX_TEXT) {
      throw Values.tooLarge("text of about " + length + " characters");
    }
    return (String) Values.settle(text.toString(), true, budget);
  }

  /**
   * A list or map literal was just made: charged as made, checked against the limits.
   *
   * @throws SandboxRefusal past the budget
   */
  public static Object made(Object self, Object value) {
    return Values.settle(value, true, Budget.of(self));
  }

  /**
   * {@code x.next()} for {@code ++}: on text it copies the text, so it costs the text's length.
   *
   * @throws Throwable what {@code next()} throws, or {@link SandboxRefusal}
   */
  public static Object next(Object self, Object value) throws Throwable {
    return stepped(self, value, "next");
  }

  /**
   * {@code x.previous()} for {@code --}, charged as {@link #next}.
   *
   * @throws Throwable what {@code previous()} throws, or {@link SandboxRefusal}
   */
  public static Object previous(Object self, Object value) throws Throwable {
    return stepped(self, value, "previous");
  }

  private static Object stepped(Object self, Object value, String method) throws Throwable {
    Budget budget = Budget.of(self);
    if (!Values.isPlain(value)) {
      throw new SandboxRefusal(
          "'++' and '--' work on numbers and text in a control file, not on a "
              + value.getClass().getSimpleName());
    }
    Values.shallow(value, budget);
    return Values.settle(ValueCalls.invoke(value, method, new Object[0]), true, budget);
  }

  /** {@code first}, once {@code then} has been evaluated: the value of {@code x++}. */
  public static Object first(Object self, Object first, Object then) {
    return first;
  }

  /** Walks {@code value} (charged) and gives it back: for arguments, casts and closure results. */
  public static Object value(Object self, Object value) {
    Values.deep(value, Budget.of(self));
    return value;
  }

  /**
   * {@code assert condition : message}, without Groovy's rendering of every value in the expression
   * (a huge value would render as huge text).
   *
   * @throws AssertionError naming the assertion when the condition is false
   */
  public static boolean check(Object self, Object condition, String source, Object message) {
    Budget budget = Budget.of(self);
    budget.charge(1);
    if (DefaultTypeTransformation.castToBoolean(condition)) {
      return true;
    }
    String shown =
        message == null
            ? ""
            : ": " + (message instanceof CharSequence text ? text : rendered(self, message));
    throw new AssertionError("assert " + source + shown);
  }

  private static String rendered(Object self, Object message) {
    Values.deep(message, Budget.of(self));
    return String.valueOf(Values.settle(InvokerHelper.toString(message), true, Budget.of(self)));
  }

  /**
   * A call of the DSL ({@code job.run_test}, {@code hosts.create}, {@code parallel_simple}) is
   * about to be made on {@code target}: it costs {@link Sandbox#DSL_CALL_STEPS} steps, so a loop
   * cannot write status lines, files or threads without end.
   */
  public static Object dsl(Object self, Object target) {
    Budget.of(self).charge(Sandbox.DSL_CALL_STEPS);
    return target;
  }

  /** One turn of a loop of the file. */
  public static void tick(Object self) {
    Budget.of(self).charge(1);
  }

  /** A method or closure of the file starts; see {@link Budget#enter}. */
  public static void enter(Object self) {
    Budget.of(self).enter();
  }

  /** The method or closure {@link #enter} counted has ended. */
  public static void exit(Object self) {
    Budget.of(self).exit();
  }
}
