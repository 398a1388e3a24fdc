package hangar.autoserv.sandbox;

import groovy.lang.Closure;
import hangar.autoserv.sandbox.Values.Footprint;
import java.util.Set;
import java.util.TreeSet;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.runtime.InvokerInvocationException;
import org.codehaus.groovy.runtime.MethodClosure;

/**
 * Calls a method on one of the control file's values, once the guard has checked what the value
 * really is: text, a number, a boolean, a list or map, one of the file's own closures, or a value
 * the DSL handed out (a host, a command's output) with that value's own methods.
 */
final class ValueCalls {
  /** Methods a control file may call on its own values: strings, numbers, lists, maps, closures. */
  static final Set<String> METHODS =
      Set.of(
          "abs",
          "add",
          "addAll",
          "any",
          "asBoolean",
          "call",
          "collect",
          "collectEntries",
          "compareTo",
          "contains",
          "containsKey",
          "containsValue",
          "count",
          "div",
          "doubleValue",
          "downto",
          "drop",
          "each",
          "eachWithIndex",
          "endsWith",
          "equals",
          "equalsIgnoreCase",
          "every",
          "find",
          "findAll",
          "findIndexOf",
          "first",
          "flatten",
          "get",
          "groupBy",
          "indexOf",
          "inject",
          "intValue",
          "intdiv",
          "isCase",
          "isEmpty",
          "join",
          "keySet",
          "last",
          "length",
          "longValue",
          "matches",
          "max",
          "min",
          "minus",
          "mod",
          "multiply",
          "next",
          "padLeft",
          "padRight",
          "plus",
          "power",
          "previous",
          "put",
          "putAll",
          "remove",
          "replace",
          "replaceAll",
          "reverse",
          "round",
          "size",
          "sort",
          "split",
          "startsWith",
          "step",
          "strip",
          "subList",
          "substring",
          "sum",
          "take",
          "times",
          "toBigDecimal",
          "toDouble",
          "toInteger",
          "toList",
          "toLong",
          "toLowerCase",
          "toString",
          "toUpperCase",
          "tokenize",
          "trim",
          "unique",
          "upto",
          "values");

  /** Methods that look into every element of their receiver, as deep as it goes. */
  private static final Set<String> DEEP =
      Set.of(
          "compareTo",
          "contains",
          "containsValue",
          "count",
          "equals",
          "flatten",
          "indexOf",
          "isCase",
          "join",
          "max",
          "min",
          "minus",
          "multiply",
          "plus",
          "remove",
          "sort",
          "sum",
          "toString",
          "unique",
          "leftShift",
          "power");

  /** Methods that cost one step whatever their receiver holds. */
  private static final Set<String> CONSTANT =
      Set.of(
          "abs",
          "add",
          "asBoolean",
          "call",
          "containsKey",
          "doubleValue",
          "first",
          "get",
          "intValue",
          "isEmpty",
          "keySet",
          "last",
          "length",
          "longValue",
          "put",
          "round",
          "size",
          "values");

  /** Methods that give back a value the file already holds, so nothing new is charged. */
  private static final Set<String> ACCESSORS =
      Set.of("call", "find", "first", "get", "inject", "last", "max", "min", "remove");

  private ValueCalls() {}

  /**
   * Calls {@code receiver.name(args)} after checking it.
   *
   * @throws SandboxRefusal if the receiver is not a value the file may call {@code name} on, or the
   *     call would pass a limit
   * @throws Throwable whatever the method throws, as it threw it
   */
  static Object call(Budget budget, Object receiver, String name, Object[] args) throws Throwable {
    checkReceiver(budget, receiver, name);
    return invokeChecked(budget, receiver, name, args);
  }

  /**
   * Applies an operator: {@code left + right} is {@code left.plus(right)}. The left operand must be
   * a plain value; closures and DSL objects have no operators in a control file.
   */
  static Object operator(Budget budget, Object left, String method, Object right) throws Throwable {
    if (!Values.isPlain(left)) {
      throw new SandboxRefusal(
          "operators work on numbers, text, lists and maps in a control file, not on a "
              + left.getClass().getSimpleName());
    }
    return invokeChecked(budget, left, method, new Object[] {right});
  }

  /**
   * {@code receiver[index]} or {@code receiver[index] = value}, once {@link Indexes} has checked
   * both: {@code getAt} and {@code putAt} are not methods a file may call by name.
   */
  static Object index(
      Budget budget, Object receiver, String name, Object[] args, boolean chargeResult)
      throws Throwable {
    budget.charge(1);
    for (Object arg : args) {
      Values.deep(arg, budget);
    }
    long before = Values.size(receiver);
    Object result = invoke(receiver, name, args);
    chargeGrowth(budget, receiver, before);
    return Values.settle(result, chargeResult, budget);
  }

  private static void chargeGrowth(Budget budget, Object receiver, long before) {
    long grown = Values.size(receiver) - before;
    if (grown > 0) {
      // add, put, addAll, <<, l[i] = x: the receiver itself grew.
      Values.settle(receiver, false, budget);
      budget.charge(receiver instanceof CharSequence ? grown : 8 * grown);
    }
  }

  private static Object invokeChecked(Budget budget, Object receiver, String name, Object[] args)
      throws Throwable {
    budget.charge(1);
    Footprint top = null;
    if (DEEP.contains(name)) {
      top = Values.deep(receiver, budget);
    } else if (!CONSTANT.contains(name)) {
      Values.shallow(receiver, budget);
    }
    Footprint[] given = new Footprint[args.length];
    for (int i = 0; i < args.length; i++) {
      given[i] = Values.deep(args[i], budget);
    }
    Limits.check(name, receiver, args, top, given, budget);
    long before = Values.size(receiver);
    Object result =
        receiver instanceof CharSequence text && Regexes.handles(name, args)
            ? Regexes.call(name, text, args, budget)
            : invoke(receiver, name, args);
    chargeGrowth(budget, receiver, before);
    return Values.settle(result, !ACCESSORS.contains(name) && result != receiver, budget);
  }

  private static void checkReceiver(Budget budget, Object receiver, String name) {
    Dsl dsl = budget.dsl();
    if (dsl.isDslValue(receiver)) {
      budget.charge(Sandbox.DSL_CALL_STEPS);
      Set<String> allowed = new TreeSet<>(dsl.methodsOf(receiver));
      allowed.add("toString");
      allowed.add("equals");
      if (!allowed.contains(name)) {
        throw refused(receiver, name, "it has " + String.join(", ", allowed));
      }
    } else if (budget.isFunction(receiver)) {
      if (!name.equals("call")) {
        throw refused(receiver, name, "call it like a function");
      }
    } else if (receiver instanceof Closure<?> closure) {
      if (closure instanceof MethodClosure || closure.getThisObject() != budget.script()) {
        throw refused(receiver, name, "only the control file's own closures may be called");
      }
      if (!METHODS.contains(name)) {
        throw refused(receiver, name, "a closure is called with .call(...) or (...)");
      }
    } else if (!Values.isPlain(receiver)) {
      throw refused(
          receiver, name, "a control file calls methods on its own text, numbers, lists and maps");
    } else if (!METHODS.contains(name)) {
      throw refused(receiver, name, "see docs/control-files.md for the methods a control file has");
    }
  }

  private static SandboxRefusal refused(Object receiver, String name, String why) {
    return new SandboxRefusal(
        "calling '"
            + name
            + "' on a "
            + (receiver == null ? "null" : receiver.getClass().getSimpleName())
            + " is not allowed in a control file; "
            + why);
  }

  /** Invokes as Groovy would, and rethrows what the method threw rather than Groovy's wrapper. */
  static Object invoke(Object receiver, String name, Object[] args) throws Throwable {
    try {
      return InvokerHelper.invokeMethod(receiver, name, args);
    } catch (InvokerInvocationException e) {
      throw e.getCause() == null ? e : e.getCause();
    }
  }
}
