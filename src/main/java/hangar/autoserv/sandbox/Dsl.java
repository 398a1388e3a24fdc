package hangar.autoserv.sandbox;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything a control file may reach besides its own values, by the names it uses. A client
 * control file has {@code job}; a server-side one also {@code machines}, {@code hosts} and {@code
 * parallel_simple}, and calls methods on the hosts and command outputs they give back.
 *
 * @param objects DSL objects by variable name ({@code job}, {@code hosts}); their methods are
 *     called directly, never through a guard
 * @param values variables that hold plain values ({@code machines}), used like the file's own
 * @param functions variables that hold closures the file calls like functions ({@code
 *     parallel_simple(...)})
 * @param valueMethods methods a control file may call on values of these classes, besides those of
 *     plain values ({@code h.run(...)} on a host)
 * @param valueProperties properties it may read on values of these classes ({@code h.hostname})
 */
public record Dsl(
    Map<String, DslObject> objects,
    Set<String> values,
    Set<String> functions,
    Map<Class<?>, Set<String>> valueMethods,
    Map<Class<?>, Set<String>> valueProperties) {
  /** Copies the collections so the record stays immutable. */
  public Dsl {
    objects = Map.copyOf(objects);
    values = Set.copyOf(values);
    functions = Set.copyOf(functions);
    valueMethods = Map.copyOf(valueMethods);
    valueProperties = Map.copyOf(valueProperties);
  }

  /** Every variable name the DSL binds. */
  Set<String> variables() {
    Set<String> names = new TreeSet<>(objects.keySet());
    names.addAll(values);
    names.addAll(functions);
    return names;
  }

  /** The method names of {@link #valueMethods}, whatever class they belong to. */
  Set<String> valueMethodNames() {
    Set<String> names = new TreeSet<>();
    valueMethods.values().forEach(names::addAll);
    return names;
  }

  /** The property names of {@link #valueProperties}, whatever class they belong to. */
  Set<String> valuePropertyNames() {
    Set<String> names = new TreeSet<>();
    valueProperties.values().forEach(names::addAll);
    return names;
  }

  /** The methods allowed on {@code value} because of its class, or an empty set. */
  Set<String> methodsOf(Object value) {
    return lookup(valueMethods, value);
  }

  /** The properties allowed on {@code value} because of its class, or an empty set. */
  Set<String> propertiesOf(Object value) {
    return lookup(valueProperties, value);
  }

  /** Whether {@code value} is of one of the classes the DSL hands out ({@code ServerHost}). */
  boolean isDslValue(Object value) {
    return value != null
        && (valueMethods.containsKey(value.getClass())
            || valueProperties.containsKey(value.getClass()));
  }

  private static Set<String> lookup(Map<Class<?>, Set<String>> table, Object value) {
    return value == null ? Set.of() : table.getOrDefault(value.getClass(), Set.of());
  }
}
