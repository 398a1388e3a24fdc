package hangar.autoserv.sandbox;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GroovyObject;
import groovy.lang.GroovySystem;
import groovy.lang.MetaClass;
import groovy.lang.MetaMethod;
import groovy.lang.MetaProperty;
import groovy.lang.Script;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names a control file may not give its own methods, variables and parameters: every member of
 * {@link Script}, {@link Binding}, {@link GroovyObject} and {@link Closure} and of their
 * supertypes, the methods Groovy adds to them ({@code with}, {@code println}, {@code sleep}), and
 * the properties their getters and setters make ({@code binding}, {@code metaClass}, {@code
 * property}). They are read by reflection, so a newer Groovy cannot add one unnoticed.
 *
 * <p>Why: a call without a receiver goes to the script (or, inside a closure, to the closure
 * first). If the file's own method had the name of one of theirs, {@code evaluate(1)} would look
 * like the file's own call while {@code evaluate('...')} reached {@link Script#evaluate(String)}.
 */
final class ReservedNames {
  /** The classes whose members a control file may not shadow. */
  static final List<Class<?>> CLASSES =
      List.of(Script.class, Binding.class, GroovyObject.class, Closure.class);

  /** Names Groovy gives meaning to without a member of that name. */
  private static final Set<String> CONVENTIONS =
      Set.of(
          "this",
          "super",
          "it",
          "owner",
          "delegate",
          "thisObject",
          "main",
          "methodMissing",
          "propertyMissing");

  private static final Set<String> NAMES = Collections.unmodifiableSet(compute());

  private ReservedNames() {}

  /** Whether {@code name} is reserved. */
  static boolean contains(String name) {
    return NAMES.contains(name) || name.indexOf('$') >= 0;
  }

  /** All reserved names, sorted. */
  static Set<String> all() {
    return NAMES;
  }

  private static Set<String> compute() {
    Set<String> names = new TreeSet<>(CONVENTIONS);
    // `it` is the parameter every closure without parameters has; a file may name one `it`.
    names.remove("it");
    for (Class<?> root : CLASSES) {
      Deque<Class<?>> todo = new ArrayDeque<>(List.of(root));
      while (!todo.isEmpty()) {
        Class<?> type = todo.pop();
        for (Method method : type.getDeclaredMethods()) {
          addWithProperty(names, method.getName());
        }
        for (Field field : type.getDeclaredFields()) {
          names.add(field.getName());
        }
        if (type.getSuperclass() != null) {
          todo.push(type.getSuperclass());
        }
        todo.addAll(List.of(type.getInterfaces()));
      }
      // What Groovy adds at run time: DefaultGroovyMethods on Object, extension modules.
      MetaClass meta = GroovySystem.getMetaClassRegistry().getMetaClass(root);
      for (MetaMethod method : meta.getMethods()) {
        addWithProperty(names, method.getName());
      }
      for (MetaMethod method : meta.getMetaMethods()) {
        addWithProperty(names, method.getName());
      }
      for (MetaProperty property : meta.getProperties()) {
        names.add(property.getName());
      }
    }
    return names;
  }

  /** Adds a method's name and, for {@code getX}, {@code setX} and {@code isX}, the property x. */
  private static void addWithProperty(Set<String> names, String method) {
    names.add(method);
    for (String prefix : List.of("get", "set", "is")) {
      if (method.length() > prefix.length()
          && method.startsWith(prefix)
          && Character.isUpperCase(method.charAt(prefix.length()))) {
        String rest = method.substring(prefix.length());
        names.add(rest.substring(0, 1).toLowerCase(Locale.ROOT) + rest.substring(1));
      }
    }
  }
}
