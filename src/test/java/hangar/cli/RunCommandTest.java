package hangar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void a_passing_control_file_exits_0_and_prints_progress_results_path_and_verdict()
      throws Exception {
    Path control = write("pass.control", "job.run_test('shell', command: 'echo hi')");
    Path results = dir.resolve("out");

    int status = hangar("run", control.toString(), "--results", results.toString());

    assertThat(status).isZero();
    assertThat(out.toString())
        .contains("END GOOD  shell\n")
        .contains("results: " + results.toAbsolutePath().normalize() + "\n")
        .endsWith("verdict: GOOD\n");
    assertThat(results.resolve("status.log")).isRegularFile();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void a_failing_control_file_exits_1_with_the_reason() throws Exception {
    Path control = write("fail.control", "job.run_test('shell', command: 'exit 1')");

    int status = hangar("run", control.toString(), "--results", dir.resolve("out").toString());

    assertThat(status).isEqualTo(1);
    assertThat(out.toString())
        .contains("END FAIL  shell  command exited with status 1\n")
        .endsWith("verdict: FAIL (shell: command exited with status 1)\n");
  }

  @Test
  void a_control_file_error_is_printed_with_its_line() throws Exception {
    Path control =
        write("bad.control", "job.run_test('shell', command: 'true')\njob.run_test(42)\n");

    int status = hangar("run", control.toString(), "--results", dir.resolve("out").toString());

    assertThat(status).isEqualTo(1);
    assertThat(out.toString()).contains("ERROR     job  control file error at line 2");
  }

  @Test
  void a_missing_control_file_is_a_usage_error_that_names_it() {
    int status = hangar("run", dir.resolve("nope.control").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains("control file '" + dir.resolve("nope.control") + "' not found");
    assertThat(dir.resolve("results")).doesNotExist();
  }

  @Test
  void no_control_file_at_all_is_a_usage_error() {
    assertThat(hangar("run")).isEqualTo(2);
    assertThat(err.toString()).contains("CONTROL");
  }

  @Test
  void a_results_folder_that_already_holds_a_status_log_is_refused() throws Exception {
    Path control = write("pass.control", "job.run_test('sleeptest', 0)");
    Path results = dir.resolve("out");
    Files.createDirectories(results);
    Files.writeString(results.resolve("status.log"), "old\n");

    int status = hangar("run", control.toString(), "--results", results.toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("already holds a status.log");
    assertThat(Files.readString(results.resolve("status.log"))).isEqualTo("old\n");
  }

  @Test
  void the_default_results_folder_is_named_after_the_control_file_and_never_reused()
      throws Exception {
    Path control = write("nightly.control", "job.run_test('sleeptest', 0)");
    Path root = dir.resolve("results");

    assertThat(hangar("run", control.toString(), "--results-root", root.toString())).isZero();
    assertThat(hangar("run", control.toString(), "--results-root", root.toString())).isZero();
    assertThat(hangar("run", control.toString(), "--results-root", root.toString())).isZero();

    try (var folders = Files.list(root)) {
      assertThat(folders.map(p -> p.getFileName().toString()).sorted().toList())
          .hasSize(3)
          .first()
          .isEqualTo("nightly");
    }
    try (var folders = Files.list(root)) {
      assertThat(folders)
          .allMatch(p -> Files.isRegularFile(p.resolve("status.log")))
          .map(p -> p.getFileName().toString())
          .filteredOn(name -> !name.equals("nightly"))
          .allMatch(name -> name.matches("nightly\\.\\d{8}-\\d{6}(-\\d+)?"));
    }
  }

  @Test
  void help_explains_the_arguments_and_the_default_results_folder() {
    assertThat(hangar("run", "--help")).isZero();

    assertThat(out.toString()).contains("CONTROL", "--results", "timestamp suffix", "Exit status");
  }

  @Test
  void the_example_control_files_run_and_give_the_verdicts_their_comments_promise() {
    int first =
        hangar("run", "examples/first.control", "--results", dir.resolve("first").toString());
    int failing =
        hangar("run", "examples/failing.control", "--results", dir.resolve("failing").toString());

    assertThat(first).isZero();
    assertThat(failing).isEqualTo(1);
    assertThat(out.toString())
        .contains("END GOOD  sleeptest", "END GOOD  shell", "END FAIL  shell");
  }

  private int hangar(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }
}
