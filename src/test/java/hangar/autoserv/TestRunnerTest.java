package hangar.autoserv;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.host.LocalHost;
import hangar.testlib.TestLibrary;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestRunnerTest {
  @TempDir Path dir;

  private SessionFixture fixture;
  private LocalHost host;
  private TestRunner runner;

  @BeforeEach
  void open() throws Exception {
    fixture = SessionFixture.in(dir);
    host = LocalHost.create(Clock.systemUTC());
    runner = new TestRunner(fixture.clientState(), TestLibrary.builtIn());
  }

  @AfterEach
  void close() {
    host.close();
    fixture.close();
  }

  private boolean run(String name, Map<String, Object> named) {
    return runner.runTest(host, fixture.status, name, named, List.of());
  }

  @Test
  void a_passing_test_is_a_good_group_with_its_own_folder() throws Exception {
    boolean passed = run("sleeptest", Map.of("seconds", 0, "tag", "quick"));

    assertThat(passed).isTrue();
    assertThat(fixture.statusLines())
        .containsExactly(
            "START\tsleeptest.quick\tsleeptest.quick\t",
            "\tGOOD\tsleeptest.quick\tsleeptest.quick\tcompleted successfully",
            "END GOOD\tsleeptest.quick\tsleeptest.quick\t");
    assertThat(dir.resolve("sleeptest.quick/debug")).isDirectory();
  }

  @Test
  void an_invalid_name_is_one_error_line_with_its_control_characters_shown_as_marks()
      throws Exception {
    boolean passed = run("../x\n", Map.of());

    assertThat(passed).isFalse();
    assertThat(fixture.statusLines())
        .containsExactly(
            "ERROR\t----\t----\tinvalid test name '../x?': use letters, digits, '_', '.' and '-'");
  }

  @Test
  void a_bad_tag_errs_in_a_group_named_after_the_test() throws Exception {
    boolean passed = run("sleeptest", Map.of("tag", "a/b"));

    assertThat(passed).isFalse();
    assertThat(fixture.statusLines())
        .contains(
            "\tERROR\tsleeptest\tsleeptest\tinvalid tag 'a/b': use letters, digits, '_', '.' and '-'");
  }

  @Test
  void iterations_out_of_range_err_and_say_the_range() throws Exception {
    boolean passed = run("sleeptest", Map.of("iterations", 0));

    assertThat(passed).isFalse();
    assertThat(fixture.statusLines())
        .contains(
            "\tERROR\tsleeptest\tsleeptest\titerations must be a whole number from 1 to 10000,"
                + " was 0");
  }

  @Test
  void a_second_run_in_the_same_folder_errs_and_says_to_tag_it() throws Exception {
    run("sleeptest", Map.of("seconds", 0));
    boolean second = run("sleeptest", Map.of("seconds", 0));

    assertThat(second).isFalse();
    assertThat(fixture.statusLines().get(4))
        .startsWith("\tERROR\tsleeptest\tsleeptest\tsubdir 'sleeptest' already used in this job")
        .endsWith("job.run_test('sleeptest', tag: '2', ...)");
  }

  @Test
  void an_unknown_test_errs_and_names_the_known_ones() throws Exception {
    boolean passed = run("nosuchtest", Map.of());

    assertThat(passed).isFalse();
    assertThat(fixture.statusLines().get(1))
        .startsWith("\tERROR\tnosuchtest\tnosuchtest\tunknown test 'nosuchtest'; known tests: ")
        .contains("sleeptest");
  }
}
