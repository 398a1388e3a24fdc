package hangar.autoserv;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.lab.ControlType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Legitimate control files still run in the sandbox: every example the project ships, and a file
 * that uses what control files use (loops, closures, maps, templates, its own methods,
 * job.parallel, sysinfo), each in a real session on this machine.
 */
class ControlFileExamplesTest {
  @TempDir Path dir;

  private final Autoserv autoserv = Autoserv.create(Clock.systemUTC());

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      List<Path> controls = files.filter(f -> f.toString().endsWith(".control")).sorted().toList();
      assertThat(controls).isNotEmpty();
      return controls.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void every_example_runs_to_the_verdict_its_first_line_promises(Path example) throws Exception {
    String text = Files.readString(example, StandardCharsets.UTF_8);

    SessionOutcome outcome = run(text);

    // Each example's first line says how it ends: "...fails..." or it passes.
    Verdict promised =
        text.lines().findFirst().orElse("").contains("fail") ? Verdict.FAIL : Verdict.GOOD;
    assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(promised);
    assertThat(outcome.reason()).doesNotContain("control file line");
  }

  @Test
  void a_file_with_the_usual_constructs_runs_as_before() throws Exception {
    SessionOutcome outcome =
        run(
            """
            // Sizes to try, each as its own tagged test.
            def sizes = ['4k', '64k']
            def settings = [seconds: 0, tries: 2]
            def tag(String size, int i) { "bs-${size.toUpperCase()}-${i}" }
            sizes.eachWithIndex { size, i ->
              job.run_test('sleeptest', settings.get('seconds'), tag: tag(size, i))
            }
            job.parallel(
              { job.run_test('shell', command: 'echo one', tag: 'one') },
              { job.run_test('shell', command: 'echo two', tag: 'two') })
            def passed = job.run_test('shell', command: 'true', tag: 'last')
            job.record(passed ? 'INFO' : 'WARN', null, 'summary', "ran ${sizes.size() + 3} tests")
            job.write_perf_keyval(sizes: sizes.size(), 'note{attr}': sizes.join(','))
            job.sysinfo.add_command('echo extra', 'extra')
            """);

    assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(Verdict.GOOD);
    assertThat(dir.resolve("sleeptest.bs-64K-1")).isDirectory();
    assertThat(dir.resolve("shell.two/debug/stdout")).content().isEqualTo("two\n");
    assertThat(dir.resolve("status.log"))
        .content()
        .containsPattern("\tINFO\t----\tsummary\t.*\tran 5 tests\n");
    assertThat(dir.resolve("keyval")).content().contains("sizes{perf}=2", "note{attr}=4k,64k");
    assertThat(dir.resolve("sysinfo/end/extra")).content().isEqualTo("extra\n");
  }

  private SessionOutcome run(String text) {
    return autoserv.run(
        new SessionSpec(
            "s-1", 7, "alice", "examples", ControlType.CLIENT, text, List.of("localhost"), dir));
  }
}
