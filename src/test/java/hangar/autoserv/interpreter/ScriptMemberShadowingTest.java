package hangar.autoserv.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import groovy.lang.Binding;
import groovy.lang.GroovyObject;
import groovy.lang.Script;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilationFailedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The escape of issue 12 and its relatives, for every member by name: the cases are read by
 * reflection from {@link Script}, {@link Binding} and {@link GroovyObject} of the Groovy on the
 * class path, so a method a newer Groovy adds is tried as soon as it is there. Each is compiled as
 * a client and as a server-side control file and must be refused at compile time, naming the line.
 */
class ScriptMemberShadowingTest {
  /** Names Groovy's grammar does not accept as method or variable names. */
  private static final Set<String> KEYWORDS = Set.of("class", "in", "as", "def", "trait", "var");

  static Stream<Arguments> scriptMethods() {
    return bothKinds(publicMethodNames(Script.class));
  }

  static Stream<Arguments> allMethods() {
    Set<String> names = publicMethodNames(Script.class);
    names.addAll(publicMethodNames(Binding.class));
    names.addAll(publicMethodNames(GroovyObject.class));
    return bothKinds(names);
  }

  static Stream<Arguments> properties() {
    Set<String> names = new TreeSet<>();
    for (Class<?> type : List.of(Script.class, Binding.class, GroovyObject.class)) {
      for (String method : publicMethodNames(type)) {
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
    assertThat(names).contains("binding", "metaClass", "class", "property", "variables");
    names.removeAll(KEYWORDS);
    return bothKinds(names);
  }

  private static Set<String> publicMethodNames(Class<?> type) {
    Set<String> names = new TreeSet<>();
    Arrays.stream(type.getMethods()).map(Method::getName).forEach(names::add);
    names.removeAll(KEYWORDS);
    return names;
  }

  private static Stream<Arguments> bothKinds(Set<String> names) {
    return names.stream()
        .flatMap(name -> Stream.of(Arguments.of("client", name), Arguments.of("server", name)));
  }

  @ParameterizedTest(name = "{0}: def {1}(int x)")
  @MethodSource("scriptMethods")
  void a_method_named_like_a_method_of_script_is_refused_and_so_is_its_call(
      String kind, String name) {
    String refusals = refusals(kind, "def " + name + "(int x) { x }\n" + name + "('text')\n");

    assertThat(refusals)
        .contains("control file line 1: a method may not be named '" + name + "'")
        .contains("control file line 2: '" + name + "(...)' is not part of the control-file DSL");
  }

  @ParameterizedTest(name = "{0}: {1}()")
  @MethodSource("scriptMethods")
  void calling_a_method_of_script_without_a_receiver_is_refused(String kind, String name) {
    assertThat(refusals(kind, "def x = 1\n" + name + "()\n"))
        .contains("control file line 2: '" + name + "(...)' is not part of the control-file DSL");
  }

  @ParameterizedTest(name = "{0}: job.{1}()")
  @MethodSource("allMethods")
  void calling_a_method_of_script_binding_or_groovy_object_on_job_is_refused(
      String kind, String name) {
    assertThat(refusals(kind, "job." + name + "()\n"))
        .contains("control file line 1: job has no method '" + name + "'");
  }

  @ParameterizedTest(name = "{0}: def {1}")
  @MethodSource("properties")
  void a_property_of_script_binding_or_groovy_object_is_neither_declared_nor_read(
      String kind, String name) {
    assertThat(refusals(kind, "def " + name + " = 1\n"))
        .contains("control file line 1: a variable may not be named '" + name + "'");
    assertThat(refusals(kind, "[1].each { " + name + " -> 1 }\n"))
        .contains("control file line 1: a parameter of a closure may not be named '" + name + "'");
    assertThat(refusals(kind, "def x = 1\ndef y = " + name + "\n"))
        .contains("control file line 2: unknown variable '" + name + "'");
    assertThat(refusals(kind, "def x = 'text'\ndef y = x." + name + "\n"))
        .contains("control file line 2: reading '." + name + "' is not allowed");
  }

  private static String refusals(String kind, String text) {
    Throwable[] thrown = new Throwable[1];
    assertThatThrownBy(() -> compile(kind, text))
        .isInstanceOf(ControlFileException.class)
        .hasCauseInstanceOf(CompilationFailedException.class)
        .satisfies(e -> thrown[0] = e);
    return thrown[0].getMessage();
  }

  private static ControlFile compile(String kind, String text) {
    return Compiles.compile(text, !kind.equals("client"));
  }
}
