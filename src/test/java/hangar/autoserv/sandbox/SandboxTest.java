package hangar.autoserv.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.junit.jupiter.api.Test;

/**
 * The sandbox on its own, with a small DSL of its own: what a control file keeps, what the guards
 * check at run time, and the budget. The corpus of escape attempts against the real DSLs is {@code
 * hangar.autoserv.SandboxEscapeCorpusTest}.
 */
class SandboxTest {
  /** A DSL object: {@code rec.record(x)}, {@code rec.host(name)}, {@code rec.foreign()}. */
  public static final class Recorder {
    private final List<Object> seen = new ArrayList<>();

    /** Keeps {@code value}. */
    public void record(Object value) {
      seen.add(value);
    }

    /** A DSL value. */
    public Host host(String name) {
      return new Host(name);
    }

    /** A closure that is not the control file's own. */
    public Closure<String> foreign() {
      return new Closure<>(this) {
        private static final long serialVersionUID = 1L;

        @Override
        public String call() {
          return "foreign";
        }
      };
    }
  }

  /**
   * A value the DSL hands out, with one method and one property a file may use.
   *
   * @param name its property
   */
  public record Host(String name) {
    /** Its method. */
    public String ping() {
      return "pong " + name;
    }

    /** A method the DSL does not offer. */
    public String secret() {
      return "secret";
    }
  }

  private static final Dsl DSL =
      new Dsl(
          Map.of("rec", DslObject.of(Set.of("record", "host", "foreign"))),
          Set.of("names"),
          Set.of(),
          Map.of(Host.class, Set.of("ping", "secret")),
          Map.of(Host.class, Set.of("name")));

  private final Recorder recorder = new Recorder();

  @Test
  void a_control_file_keeps_the_language_it_needs() {
    Object result =
        run(
            """
            def sizes = ['4k', '64k']
            def opts = [seconds: 0, tags: [1, 2]]
            opts.put('extra', 1)
            opts['more'] = 2
            def label(String size) { 'bs-' + size.toUpperCase() }
            def out = []
            sizes.eachWithIndex { size, i -> out << label(size) + "-${i}" }
            for (int i = 0; i < 2; i++) { out.add("loop${i}") }
            for (n in names) { out.add(n) }
            def total = 0
            (1..3).each { total += it }
            def x = 5; x *= 2; x++
            switch (x) { case 1..10: out.add('small'); break; case { it > 10 }: out.add('big') }
            def parts = 'a,b;c'.split('[,;]')
            assert parts.size() == 3 : 'three parts'
            def words = 'x1 y22'.findAll(/\\d+/)
            def grouped = [1, 2, 3].groupBy { it % 2 }
            def (first, second) = [1, 2]
            def text = null
            text ?= 'default'
            try { def none = null; none.size() } catch (e) { out.add('caught') }
            rec.record(rec.host('board1').ping() + ' ' + rec.host('board1').name)
            [out, total, x, words, grouped, first + second, text, opts.get('tags')[1], 'ab' ==~ /a./]
            """);

    assertThat(result)
        .isEqualTo(
            List.of(
                List.of("bs-4K-0", "bs-64K-1", "loop0", "loop1", "n1", "n2", "big", "caught"),
                6,
                11,
                List.of("1", "22"),
                Map.of(1, List.of(1, 3), 0, List.of(2)),
                3,
                "default",
                2,
                true));
    assertThat(recorder.seen).containsExactly("pong board1 board1");
  }

  @Test
  void operators_mean_what_groovy_says_they_mean() {
    String expressions =
        """
        [1 + 2, 7 % 3, -7 % 3, 2 ** 10, 2 ** 0.5, 1 / 3, 10.intdiv(3), 'a' + 1, [1] + [2],
         [1, 2] - [1], 'abc' - 'b', 5 << 2, -16 >> 2, -16 >>> 28, 6 & 3, 6 | 3, 6 ^ 3, ~5,
         'a' * 3, [1] * 2, 1 <=> 2, 'b' in ['a', 'b'], 3 in 1..5, 3 !in [1], null + 'x', 1.5 + 1,
         1L + 1, 2147483647 + 1, 2 ** 62 * 4, 1 == 1L, [1, [2]] == [1, [2]], 'a' < 'b',
         'abc'[1], 'abcdef'[1..2], [1, 2, 3][-1], (1..<4).size(), ('a'..'c').join(),
         "${1 + 1}" == '2', (String) 12, 12 as String, '12' as int, 3.7 as int]
        """;

    assertThat(run(expressions)).isEqualTo(new GroovyShell().evaluate(expressions));
  }

  @Test
  void a_dsl_value_offers_only_its_own_methods_and_properties() {
    assertThat(run("rec.host('b').secret()")).isEqualTo("secret");
    assertThatThrownBy(() -> run("def h = rec.host('b')\nh.each { it }"))
        .isInstanceOf(SandboxRefusal.class)
        .hasMessage(
            "calling 'each' on a Host is not allowed in a control file; it has equals, ping,"
                + " secret, toString");
    assertThatThrownBy(() -> run("def h = rec.host('b')\n[h].first().getAt('class')"))
        .isInstanceOf(CompilationFailedException.class)
        .hasMessageContaining("calling 'getAt' is not allowed");
  }

  @Test
  void only_the_files_own_closures_are_called() {
    assertThat(run("def c = { 'own' }\nc()")).isEqualTo("own");
    assertThatThrownBy(() -> run("def c = rec.foreign()\nc.call()"))
        .isInstanceOf(SandboxRefusal.class)
        .hasMessageContaining("only the control file's own closures may be called");
  }

  @Test
  void the_budget_counts_steps_and_stops_a_file_that_spends_it() {
    Script script = compile("def n = 0\nwhile (n < 100) { n++ }\nn");
    Sandbox.bind(script, DSL, 1_000);

    assertThat(script.run()).isEqualTo(100);
    assertThat(Sandbox.stepsUsed(script)).isBetween(100L, 1_000L);

    Script spinning = compile("while (true) { }");
    Sandbox.bind(spinning, DSL, 1_000);
    assertThatThrownBy(spinning::run)
        .isInstanceOf(SandboxRefusal.class)
        .hasMessageContaining("used up its budget of 1000 steps");
    assertThat(Sandbox.stepsUsed(spinning)).isGreaterThan(1_000L);
  }

  @Test
  void catch_e_does_not_catch_a_refusal_and_a_spent_budget_stays_spent() {
    Script script =
        compile(
            """
            def rounds = 0
            while (true) {
              try { while (true) { } } catch (e) { rounds++ }
            }
            """);
    Sandbox.bind(script, DSL, 10_000);

    assertThatThrownBy(script::run).isInstanceOf(SandboxRefusal.class);
  }

  @Test
  void a_value_past_the_limits_is_refused_before_it_is_made() {
    assertThatThrownBy(() -> run("'x' * " + (Sandbox.MAX_TEXT + 1)))
        .isInstanceOf(SandboxRefusal.class)
        .hasMessageStartingWith("text of about " + (Sandbox.MAX_TEXT + 1) + " characters");
    assertThatThrownBy(() -> run("(0.." + Sandbox.MAX_ELEMENTS + 1 + ")"))
        .isInstanceOf(SandboxRefusal.class)
        .hasMessageStartingWith("a range of ");
    assertThat(run("('x' * " + Sandbox.MAX_TEXT + ").size()")).isEqualTo(Sandbox.MAX_TEXT);
  }

  @Test
  void the_reserved_names_are_the_members_an_unqualified_call_could_reach() {
    assertThat(Sandbox.reservedNames())
        .contains(
            "evaluate",
            "run",
            "binding",
            "metaClass",
            "class",
            "property",
            "getProperty",
            "setProperty",
            "invokeMethod",
            "setVariable",
            "variables",
            "with",
            "tap",
            "identity",
            "use",
            "println",
            "sleep",
            "owner",
            "delegate",
            "thisObject",
            "getOwner",
            "rehydrate",
            "methodMissing",
            "main")
        .doesNotContain("it", "size", "label", "host", "result", "out");
  }

  private Object run(String text) {
    Script script = compile(text);
    Sandbox.bind(script, DSL, Sandbox.DEFAULT_STEPS);
    return script.run();
  }

  private Script compile(String text) {
    Binding binding = new Binding();
    binding.setVariable("rec", recorder);
    binding.setVariable("names", List.of("n1", "n2"));
    CompilerConfiguration config = new CompilerConfiguration();
    config.addCompilationCustomizers(
        Sandbox.customizers(DSL).toArray(CompilationCustomizer[]::new));
    return new GroovyShell(SandboxTest.class.getClassLoader(), binding, config)
        .parse(text, "control");
  }
}
