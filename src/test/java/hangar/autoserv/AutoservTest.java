package hangar.autoserv;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.lab.ControlType;
import hangar.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutoservTest {
  private static final Pattern FIELDS =
      Pattern.compile("\ttimestamp=\\d+\tlocaltime=[A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2}:\\d{2}\t");

  @TempDir Path dir;

  private final Autoserv autoserv = Autoserv.create(Clock.system(ZoneId.of("America/Los_Angeles")));

  @Test
  void a_passing_control_file_is_good_with_nested_groups_and_the_output_in_debug()
      throws Exception {
    SessionOutcome outcome =
        run(
            """
            job.run_test('sleeptest', seconds: 0.1)
            job.run_test('shell', command: 'echo hello from the host; echo oops >&2')
            """);

    assertThat(outcome).isEqualTo(new SessionOutcome(Verdict.GOOD, ""));
    assertThat(statusLines())
        .containsExactly(
            "START\t----\t----\t",
            "\tSTART\tsleeptest\tsleeptest\t",
            "\t\tGOOD\tsleeptest\tsleeptest\tcompleted successfully",
            "\tEND GOOD\tsleeptest\tsleeptest\t",
            "\tSTART\tshell\tshell\t",
            "\t\tGOOD\tshell\tshell\tcompleted successfully",
            "\tEND GOOD\tshell\tshell\t",
            "END GOOD\t----\t----\t");
    assertThat(Files.readString(dir.resolve("shell/debug/stdout")))
        .isEqualTo("hello from the host\n");
    assertThat(Files.readString(dir.resolve("shell/debug/stderr"))).isEqualTo("oops\n");
    assertThat(Files.readString(dir.resolve("shell/results/keyval")))
        .contains("exit_status{attr}=0\n")
        .containsPattern("elapsed_seconds\\{perf\\}=\\d+\\.\\d{3}\n");
    assertThat(dir.resolve("sleeptest/debug")).isDirectory();
    assertThat(Files.readString(dir.resolve("control"))).startsWith("job.run_test('sleeptest'");
    assertThat(Files.readString(dir.resolve("debug/autoserv.DEBUG")))
        .contains("shell: running on localhost: echo hello from the host");
  }

  @Test
  void job_keyval_has_the_job_times_user_and_host() throws Exception {
    run("job.run_test('sleeptest', 0)");

    List<String> keyval = Files.readAllLines(dir.resolve("keyval"));
    assertThat(keyval)
        .anyMatch(l -> l.matches("job_queued=\\d+"))
        .anyMatch(l -> l.matches("job_started=\\d+"))
        .anyMatch(l -> l.matches("job_finished=\\d+"))
        .contains("user=alice", "hostname=localhost", "label=nightly");
  }

  @Test
  void a_failing_shell_command_ends_fail_with_its_exit_status() throws Exception {
    SessionOutcome outcome = run("job.run_test('shell', command: 'exit 3')");

    assertThat(outcome)
        .isEqualTo(new SessionOutcome(Verdict.FAIL, "shell: command exited with status 3"));
    assertThat(statusLines())
        .containsExactly(
            "START\t----\t----\t",
            "\tSTART\tshell\tshell\t",
            "\t\tFAIL\tshell\tshell\tcommand exited with status 3",
            "\tEND FAIL\tshell\tshell\tcommand exited with status 3",
            "END FAIL\t----\t----\tshell: command exited with status 3");
  }

  @Test
  void a_failed_test_does_not_stop_the_tests_after_it_and_run_test_says_whether_it_passed()
      throws Exception {
    SessionOutcome outcome =
        run(
            """
            def passed = job.run_test('shell', 'false')
            job.run_test('shell', command: "echo first passed: $passed", tag: 'after')
            """);

    assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(Files.readString(dir.resolve("shell.after/debug/stdout")))
        .isEqualTo("first passed: false\n");
  }

  @Test
  void a_syntax_error_ends_the_session_with_its_line_number() throws Exception {
    SessionOutcome outcome =
        run(
            """
            job.run_test('sleeptest', 0)

            job.run_test('shell', command: 'true'
            """);

    assertThat(outcome.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(outcome.reason()).startsWith("control file syntax error at line 3");
    assertThat(statusLines())
        .hasSize(3)
        .allMatch(l -> l.contains("----\t----"))
        .element(2)
        .asString()
        .startsWith("END ERROR\t----\t----\tcontrol file syntax error at line 3");
  }

  @Test
  void a_runtime_error_in_the_control_file_names_its_line_and_keeps_earlier_results()
      throws Exception {
    SessionOutcome outcome =
        run(
            """
            job.run_test('sleeptest', 0)
            job.run_test(42)
            job.run_test('shell', command: 'echo never')
            """);

    assertThat(outcome.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(outcome.reason())
        .startsWith("control file error at line 2: MissingMethodException")
        .contains("run_test");
    assertThat(statusLines())
        .contains("\t\tGOOD\tsleeptest\tsleeptest\tcompleted successfully")
        .noneMatch(l -> l.contains("\tshell\t"))
        .last()
        .asString()
        .startsWith("END ERROR\t----\t----\tcontrol file error at line 2");
    assertThat(Files.readString(dir.resolve("debug/autoserv.DEBUG")))
        .contains("at control.run(control:2)");
  }

  @Test
  void iterations_run_a_test_again_with_one_keyval_block_each() throws Exception {
    SessionOutcome outcome = run("job.run_test('shell', command: 'true', iterations: 3)");

    assertThat(outcome.verdict()).isEqualTo(Verdict.GOOD);
    String keyval = Files.readString(dir.resolve("shell/results/keyval"));
    assertThat(keyval.split("\n\n")).hasSize(3).allMatch(b -> b.contains("exit_status{attr}=0"));
  }

  @Test
  void parallel_branches_run_at_once_and_nest_in_order_in_the_status_log() throws Exception {
    // Each branch waits for the other's file: run one after the other, both would time out.
    Path a = dir.resolve("a.ready");
    Path b = dir.resolve("b.ready");
    SessionOutcome outcome =
        run(
            """
            job.parallel(
              { job.run_test('shell', command: 'touch %1$s; for i in $(seq 100); do [ -e %2$s ] && exit 0; sleep 0.1; done; exit 1', tag: 'a') },
              { job.run_test('shell', command: 'touch %2$s; for i in $(seq 100); do [ -e %1$s ] && exit 0; sleep 0.1; done; exit 1', tag: 'b')
                job.record('WARN', null, 'branch-b', 'after its test') })
            job.run_test('sleeptest', 0)
            """
                .formatted(a, b));

    assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(Verdict.WARN);
    assertThat(statusLines())
        .containsExactly(
            "START\t----\t----\t",
            "\tSTART\tshell.a\tshell.a\t",
            "\t\tGOOD\tshell.a\tshell.a\tcompleted successfully",
            "\tEND GOOD\tshell.a\tshell.a\t",
            "\tSTART\tshell.b\tshell.b\t",
            "\t\tGOOD\tshell.b\tshell.b\tcompleted successfully",
            "\tEND GOOD\tshell.b\tshell.b\t",
            "\tWARN\t----\tbranch-b\tafter its test",
            "\tSTART\tsleeptest\tsleeptest\t",
            "\t\tGOOD\tsleeptest\tsleeptest\tcompleted successfully",
            "\tEND GOOD\tsleeptest\tsleeptest\t",
            "END WARN\t----\t----\tbranch-b: after its test");
    assertThat(dir.resolve("debug/parallel.1.status.log")).content().contains("shell.a");
  }

  @Test
  void an_error_in_one_parallel_branch_is_recorded_with_its_line_and_the_other_runs_on()
      throws Exception {
    SessionOutcome outcome =
        run(
            """
            job.parallel(
              { job.run_test('sleeptest', 0, tag: 'one') },
              { def x = null
                x.size() })
            """);

    assertThat(outcome.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(statusLines())
        .contains("\t\tGOOD\tsleeptest.one\tsleeptest.one\tcompleted successfully")
        .anyMatch(l -> l.startsWith("\tERROR\t----\t----\tcontrol file error at line 4"));
  }

  @Test
  void record_and_write_perf_keyval_reach_the_status_log_and_the_job_keyval() throws Exception {
    SessionOutcome outcome =
        run(
            """
            job.record('INFO', null, 'firmware', 'flashed 1.2')
            job.write_perf_keyval(boot_seconds: 12.5, 'flash_size{attr}': '16M')
            job.record('START', null, 'x')
            """);

    assertThat(outcome.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(statusLines())
        .contains("\tINFO\t----\tfirmware\tflashed 1.2")
        .anyMatch(l -> l.contains("job.record cannot open a group with START"));
    assertThat(Files.readAllLines(dir.resolve("keyval")))
        .contains("boot_seconds{perf}=12.5", "flash_size{attr}=16M");
  }

  @Test
  void sysinfo_is_gathered_at_the_start_after_each_test_and_at_the_end() throws Exception {
    SessionOutcome outcome =
        run(
            """
            job.sysinfo.add_command('echo extra item', 'extra')
            job.run_test('shell', command: 'true')
            """);

    assertThat(outcome.verdict()).isEqualTo(Verdict.GOOD);
    String kernel =
        new String(new ProcessBuilder("uname", "-a").start().getInputStream().readAllBytes());
    assertThat(dir.resolve("sysinfo/uname")).content().isEqualTo(kernel);
    for (String file : List.of("cpuinfo", "meminfo", "dmesg", "installed_packages", "cmdline")) {
      assertThat(dir.resolve("sysinfo").resolve(file)).exists();
      assertThat(dir.resolve("sysinfo/end").resolve(file)).exists();
    }
    assertThat(dir.resolve("sysinfo/installed_packages")).content().contains("openjdk");
    assertThat(dir.resolve("sysinfo/extra")).doesNotExist();
    assertThat(dir.resolve("sysinfo/end/extra")).content().isEqualTo("extra item\n");
    assertThat(dir.resolve("shell/sysinfo/meminfo")).content().contains("MemTotal");
    assertThat(dir.resolve("shell/sysinfo/dmesg")).exists();
  }

  @Test
  void reboot_refuses_the_drone_itself() throws Exception {
    SessionOutcome outcome = run("job.reboot()\njob.run_test('sleeptest', 0)");

    assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(statusLines())
        .contains(
            "\tSTART\t----\treboot\t",
            "\t\tFAIL\t----\treboot.start\tcannot reboot localhost: it is the drone itself;"
                + " run the job on a host reached over SSH")
        .anyMatch(l -> l.startsWith("\tEND FAIL\t----\treboot\t"))
        .contains("\t\tGOOD\tsleeptest\tsleeptest\tcompleted successfully");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "new File('/etc/hostname').text | 'new File(...)' is not allowed",
        "'id'.execute().text | reading '.text' is not allowed",
        "'id'.execute() | calling 'execute' is not allowed",
        "def s = new Socket('127.0.0.1', 22) | 'new Socket(...)' is not allowed",
        "Class.forName('java.lang.Runtime') | 'Class' is not allowed",
        "System.exit(3) | 'System' is not allowed",
        "evaluate('1 + 1') | 'evaluate(...)' is not part of the control-file DSL",
        "this.binding.variables | 'this' is not allowed",
        "binding.setVariable('job', null) | unknown variable 'binding'",
        "job.getClass().classLoader | job has no method 'getClass'",
        "job.metaClass | reading '.metaClass' is not allowed",
        "def c = { -> 1 }; c.owner | reading '.owner' is not allowed",
        "'x'.getClass() | calling 'getClass' is not allowed",
        "def m = [:].&put | method pointers ('.&') are not allowed",
        "'x' as File | converting to File is not allowed",
        "@Grab('org.example:evil:1.0') def x = 1 | annotations such as @Grab are not allowed",
        "import java.nio.file.Files | imports (also static and aliased ones) are not allowed",
        "class Evil { } | definitions are not allowed in a control file",
        "def c = { 1 }; c.setDelegate('x') | calling 'setDelegate' is not allowed",
        "'x'.with { it } | calling 'with' is not allowed",
        "'x'.getAt('class') | calling 'getAt' is not allowed",
        "def f(x = 'id'.execute()) { x }; f() | default values of parameters are not allowed",
      })
  void a_client_control_file_cannot_reach_past_the_dsl(String line, String refusal)
      throws Exception {
    Path marker = dir.resolve("ran");
    SessionOutcome outcome =
        run("job.run_test('shell', command: 'touch " + marker + "')\n" + line + "\n");

    assertThat(outcome.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(outcome.reason()).startsWith("control file line ").contains(refusal);
    assertThat(marker).as("nothing ran: the file was refused before it started").doesNotExist();
  }

  @Test
  void the_dsl_keeps_loops_closures_maps_and_its_own_methods() throws Exception {
    SessionOutcome outcome =
        run(
            """
            def sizes = ['4k', '64k']
            def opts = [seconds: 0]
            opts.put('extra', 1)
            def label(String size) { 'bs-' + size.toUpperCase() }
            sizes.eachWithIndex { size, i ->
              job.run_test('sleeptest', opts.get('seconds'), tag: label(size) + "-${i}")
            }
            def twice = { n -> n * 2 }
            for (int i = 0; i < twice.call(1); i++) { job.record('INFO', null, "loop${i}", '') }
            assert sizes.collect { it.size() }.sum() == 5
            """);

    assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(Verdict.GOOD);
    assertThat(statusLines())
        .contains(
            "\tEND GOOD\tsleeptest.bs-4K-0\tsleeptest.bs-4K-0\t",
            "\tEND GOOD\tsleeptest.bs-64K-1\tsleeptest.bs-64K-1\t",
            "\tINFO\t----\tloop1\t");
  }

  @Test
  void an_abort_stops_a_busy_loop_in_the_control_file() throws Exception {
    SessionOutcome[] outcome = new SessionOutcome[1];
    Thread thread =
        Thread.ofVirtual().start(() -> outcome[0] = run("def n = 0\nwhile (true) { n++ }"));
    Eventually.await(
        Duration.ofSeconds(30),
        "the control file runs",
        () ->
            Files.exists(dir.resolve("debug/autoserv.DEBUG"))
                && contains("running the control file"));
    thread.interrupt();
    thread.join(Duration.ofSeconds(30));

    assertThat(thread.isAlive()).as("the session ended").isFalse();
    assertThat(outcome[0].verdict()).isEqualTo(Verdict.ABORT);
  }

  private boolean contains(String text) {
    try {
      return Files.readString(dir.resolve("debug/autoserv.DEBUG")).contains(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void autoserv_execute_holds_the_exit_status_and_failed_tests_as_autotest_writes_them()
      throws Exception {
    run("job.run_test('shell', command: 'exit 3', tag: 'bad')\njob.run_test('sleeptest', 0)");

    List<String> lines = Files.readAllLines(dir.resolve(".autoserv_execute"));
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).matches("\\d+");
    // A wait status: exited with 1 (256), as Autotest's parser decodes it into FAIL.
    assertThat(lines.subList(1, 3)).containsExactly("256", "1");
  }

  @Test
  void an_abort_during_parallel_keeps_every_branchs_lines_and_ends_them_abort() throws Exception {
    SessionOutcome[] outcome = new SessionOutcome[1];
    Thread thread =
        Thread.ofVirtual()
            .start(
                () ->
                    outcome[0] =
                        run(
                            """
                            job.parallel(
                              { job.run_test('shell', command: 'sleep 60', tag: 'a') },
                              { job.run_test('shell', command: 'sleep 60', tag: 'b') })
                            """));
    Eventually.await(
        Duration.ofSeconds(30),
        "both branches run",
        () ->
            Files.exists(dir.resolve("shell.a/debug"))
                && Files.exists(dir.resolve("shell.b/debug")));
    Thread.sleep(300);

    thread.interrupt();
    thread.join(Duration.ofSeconds(30));

    assertThat(thread.isAlive()).isFalse();
    assertThat(outcome[0].verdict()).isEqualTo(Verdict.ABORT);
    assertThat(statusLines())
        .contains(
            "\tSTART\tshell.a\tshell.a\t",
            "\tEND ABORT\tshell.a\tshell.a\tsession aborted",
            "\tSTART\tshell.b\tshell.b\t",
            "\tEND ABORT\tshell.b\tshell.b\tsession aborted")
        .last()
        .asString()
        .startsWith("END ABORT\t----\t----\t");
  }

  @Test
  void an_unknown_test_is_an_error_line_not_an_exception() throws Exception {
    SessionOutcome outcome = run("job.run_test('nosuchtest', seconds: 1)");

    assertThat(outcome.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(outcome.reason()).startsWith("nosuchtest: unknown test 'nosuchtest'");
    assertThat(statusLines())
        .contains(
            "\tSTART\tnosuchtest\tnosuchtest\t",
            "\t\tERROR\tnosuchtest\tnosuchtest\tunknown test 'nosuchtest'; known tests: bonnie,"
                + " dbench, fio, fsx, iperf3, kernbench, shell, sleeptest, stress-ng, tbench");
  }

  @Test
  void a_bad_argument_is_a_test_error_that_names_it() throws Exception {
    SessionOutcome outcome = run("job.run_test('sleeptest', secs: 1)");

    assertThat(outcome.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(outcome.reason())
        .isEqualTo("sleeptest: sleeptest has no argument 'secs'; it takes seconds");
  }

  @Test
  void tagged_tests_run_in_their_own_subdirs_and_an_untagged_rerun_is_refused() throws Exception {
    SessionOutcome outcome =
        run(
            """
            job.run_test('shell', command: 'echo one', tag: 'one')
            job.run_test('shell', command: 'echo two', tag: 2)
            job.run_test('shell', command: 'echo three')
            job.run_test('shell', command: 'echo again')
            """);

    assertThat(Files.readString(dir.resolve("shell.one/debug/stdout"))).isEqualTo("one\n");
    assertThat(Files.readString(dir.resolve("shell.2/debug/stdout"))).isEqualTo("two\n");
    assertThat(Files.readString(dir.resolve("shell/debug/stdout"))).isEqualTo("three\n");
    assertThat(statusLines())
        .contains("\tSTART\tshell.one\tshell.one\t", "\tEND GOOD\tshell.2\tshell.2\t");
    assertThat(outcome.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(outcome.reason()).startsWith("shell: subdir 'shell' already used in this job");
  }

  @Test
  void a_command_past_its_timeout_is_killed_and_errs() throws Exception {
    Path pidFile = dir.resolve("sleep.pid");
    long before = System.nanoTime();
    SessionOutcome outcome =
        run(
            "job.run_test('shell', command: 'sleep 60 & echo $! > "
                + pidFile
                + "; wait', timeout: 1)");

    assertThat(outcome).isEqualTo(new SessionOutcome(Verdict.ERROR, "shell: timed out after 1s"));
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(20));
    long sleepPid = Long.parseLong(Files.readString(pidFile).strip());
    assertThat(ProcessHandle.of(sleepPid).filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void an_interrupt_aborts_the_session_and_kills_the_whole_process_tree() throws Exception {
    CompletableFuture<SessionOutcome> outcome = new CompletableFuture<>();
    CompletableFuture<Boolean> interruptFlag = new CompletableFuture<>();
    Thread session =
        Thread.ofVirtual()
            .start(
                () -> {
                  outcome.complete(
                      run(
                          """
                          job.run_test('shell', command: 'echo started; sleep 60')
                          job.run_test('shell', command: 'echo never', tag: 'after')
                          """));
                  interruptFlag.complete(Thread.currentThread().isInterrupted());
                });
    Eventually.await(
        Duration.ofSeconds(10), "sleep 60 to start", () -> !sleepProcesses().isEmpty());
    List<ProcessHandle> sleeps = sleepProcesses();

    session.interrupt();

    assertThat(outcome.get(10, TimeUnit.SECONDS))
        .isEqualTo(new SessionOutcome(Verdict.ABORT, "shell: session aborted"));
    assertThat(interruptFlag.get(1, TimeUnit.SECONDS)).isTrue();
    assertThat(sleeps).noneMatch(ProcessHandle::isAlive);
    assertThat(sleepProcesses()).isEmpty();
    assertThat(statusLines())
        .containsExactly(
            "START\t----\t----\t",
            "\tSTART\tshell\tshell\t",
            "\t\tABORT\tshell\tshell\tsession aborted",
            "\tEND ABORT\tshell\tshell\tsession aborted",
            "\tABORT\t----\t----\tsession aborted",
            "END ABORT\t----\t----\tshell: session aborted");
    assertThat(dir.resolve("shell.after")).doesNotExist();
  }

  @Test
  void an_interrupt_before_the_session_starts_aborts_it_before_any_test_runs() throws Exception {
    Thread.currentThread().interrupt();
    SessionOutcome outcome;
    try {
      outcome = run("job.run_test('shell', command: 'echo ran')");
    } finally {
      assertThat(Thread.interrupted()).as("interrupt flag kept for the caller").isTrue();
    }

    assertThat(outcome).isEqualTo(new SessionOutcome(Verdict.ABORT, "session aborted"));
    assertThat(dir.resolve("shell")).doesNotExist();
    assertThat(Files.readString(dir.resolve("control")))
        .isEqualTo("job.run_test('shell', command: 'echo ran')");
    assertThat(statusLines())
        .containsExactly(
            "START\t----\t----\t",
            "\tABORT\t----\t----\tsession aborted",
            "END ABORT\t----\t----\tsession aborted");
  }

  @Test
  void a_repair_runs_the_power_reset_on_the_drone_first_then_waits_for_the_host() throws Exception {
    Path powered = dir.resolveSibling(dir.getFileName() + "-powered");
    Autoserv overSsh = overSshWithAFreshKey();

    SessionOutcome outcome =
        overSsh.run(
            new SessionSpec(
                "task-9",
                0,
                "autotest_system",
                "repair",
                ControlType.CLIENT,
                "",
                List.of("nobody@127.0.0.1:1"),
                dir,
                SessionKind.REPAIR,
                new HostChecks(
                    0,
                    "echo \"[$SSH_CONNECTION]\" > " + powered,
                    java.time.Duration.ofSeconds(1))));

    // The power reset ran here, with no SSH (the host is down); then the host never came back.
    assertThat(powered).content().isEqualTo("[]\n");
    assertThat(outcome.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(outcome.reason()).contains("not back within PT1S").contains("cannot connect");
    assertThat(java.nio.file.Files.readString(dir.resolve("status.log")))
        .contains("\tGOOD\t----\trepair.power\t")
        .contains("\tFAIL\t----\trepair.connect\t");
  }

  @Test
  void a_host_without_a_key_to_offer_ends_the_session_in_error_saying_how_to_make_one() {
    Autoserv noKeys =
        Autoserv.create(
            Clock.systemUTC(),
            StatusListener.NONE,
            hangar.host.SshSettings.openSshDefaults(dir.resolve("empty-home")));

    SessionOutcome outcome =
        noKeys.run(
            new SessionSpec(
                "s-1",
                7,
                "alice",
                "nightly",
                ControlType.CLIENT,
                "job.run_test('sleeptest', 0)",
                List.of("nobody@127.0.0.1:1"),
                dir));

    assertThat(outcome.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(outcome.reason())
        .contains("no private key to offer")
        .contains("ssh-keygen -t ed25519");
  }

  @Test
  void a_host_that_cannot_be_reached_over_ssh_ends_the_session_in_error() throws Exception {
    Autoserv overSsh = overSshWithAFreshKey();
    SessionOutcome outcome =
        overSsh.run(
            new SessionSpec(
                "s-1",
                7,
                "alice",
                "nightly",
                ControlType.CLIENT,
                "job.run_test('sleeptest', 0)",
                List.of("nobody@127.0.0.1:1"),
                dir));

    assertThat(outcome.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(outcome.reason())
        .contains("cannot connect to nobody@127.0.0.1:1 over SSH")
        .contains("sshd listens on port 1");
    assertThat(statusLines())
        .last()
        .asString()
        .startsWith("END ERROR\t----\t----\thost '127.0.0.1': cannot connect");
  }

  /** An autoserv that reaches hosts over SSH with a key of its own and no known hosts. */
  private Autoserv overSshWithAFreshKey() throws Exception {
    Path key = dir.resolveSibling(dir.getFileName() + "-key");
    hangar.testing.OpenSshServer.keygen(key);
    return Autoserv.create(
        Clock.systemUTC(),
        StatusListener.NONE,
        new hangar.host.SshSettings(
            List.of(key),
            key.resolveSibling("known_hosts"),
            false,
            java.time.Duration.ofSeconds(10),
            java.time.Duration.ofSeconds(15)));
  }

  private SessionOutcome run(String control) {
    return autoserv.run(
        new SessionSpec(
            "s-1", 7, "alice", "nightly", ControlType.CLIENT, control, List.of("localhost"), dir));
  }

  /** The status log's lines without their timestamp fields, which the clock decides. */
  private List<String> statusLines() throws Exception {
    return Files.readAllLines(dir.resolve("status.log"), StandardCharsets.UTF_8).stream()
        .map(line -> FIELDS.matcher(line).replaceFirst("\t"))
        .toList();
  }

  /** The {@code sleep 60} processes this JVM started, directly or through a shell. */
  private static List<ProcessHandle> sleepProcesses() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(
            p ->
                p.info().command().orElse("").endsWith("sleep")
                    && List.of(p.info().arguments().orElse(new String[0])).contains("60"))
        .toList();
  }
}
