package hangar.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import hangar.Main;
import hangar.host.Machines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StatusLogParserTest {
  @TempDir Path dir;

  @Test
  void reads_tests_statuses_reasons_times_and_the_job_keyvals() throws Exception {
    write(
        "status.log",
        """
        START\t----\t----\ttimestamp=1000\tlocaltime=Dec 02 01:00:00\t
        \tSTART\tsleeptest\tsleeptest\ttimestamp=1001\tlocaltime=Dec 02 01:00:01\t
        \t\tGOOD\tsleeptest\tsleeptest\ttimestamp=1003\tlocaltime=Dec 02 01:00:03\tcompleted successfully
        \tEND GOOD\tsleeptest\tsleeptest\ttimestamp=1003\tlocaltime=Dec 02 01:00:03\t
        \tSTART\tshell\tshell\ttimestamp=1004\tlocaltime=Dec 02 01:00:04\t
        \t\tFAIL\tshell\tshell\ttimestamp=1005\tlocaltime=Dec 02 01:00:05\tcommand exited with status 3
        \tEND FAIL\tshell\tshell\ttimestamp=1005\tlocaltime=Dec 02 01:00:05\t
        \tINFO\t----\t----\ttimestamp=1006\tlocaltime=Dec 02 01:00:06\tjust a note
        END FAIL\t----\t----\ttimestamp=1006\tlocaltime=Dec 02 01:00:06\tshell: command exited with status 3
        """);
    write(
        "keyval",
        "job_queued=990\njob_started=1000\nuser=alice\nlabel=nightly\nhostname=board7\n"
            + "job_finished=1006\nboot_seconds{perf}=12.5\n");

    ParsedResults parsed = StatusLogParser.parse(dir);

    assertThat(parsed.status()).isEqualTo("FAIL");
    assertThat(parsed.reason()).isEqualTo("shell: command exited with status 3");
    assertThat(parsed.machine()).isEqualTo("board7");
    assertThat(parsed.user()).isEqualTo("alice");
    assertThat(parsed.label()).isEqualTo("nightly");
    assertThat(parsed.queued()).isEqualTo(Instant.ofEpochSecond(990));
    assertThat(parsed.finished()).isEqualTo(Instant.ofEpochSecond(1006));
    assertThat(parsed.keyvals()).containsEntry("boot_seconds{perf}", "12.5");
    assertThat(parsed.tests())
        .extracting("name", "subdir", "status", "reason", "started", "finished")
        .containsExactly(
            tuple(
                "sleeptest",
                "sleeptest",
                "GOOD",
                "",
                Instant.ofEpochSecond(1001),
                Instant.ofEpochSecond(1003)),
            tuple(
                "shell",
                "shell",
                "FAIL",
                "command exited with status 3",
                Instant.ofEpochSecond(1004),
                Instant.ofEpochSecond(1005)));
    assertThat(parsed.warnings()).isEmpty();
  }

  @Test
  void a_reboot_sets_the_kernel_of_later_tests_and_nested_groups_keep_start_order()
      throws Exception {
    write(
        "status.log",
        """
        START\t----\t----\ttimestamp=1000\t
        \tSTART\t----\treboot\ttimestamp=1001\t
        \t\tGOOD\t----\treboot.start\ttimestamp=1001\t
        \t\tGOOD\t----\treboot.verify\ttimestamp=1040\t6.1.0-rc3
        \tEND GOOD\t----\treboot\ttimestamp=1040\tkernel=6.1.0-rc3\t
        \tSTART\touter\touter\ttimestamp=1041\t
        \t\tSTART\tinner\tinner\ttimestamp=1042\t
        \t\t\tWARN\tinner\tinner\ttimestamp=1043\tslow disk
        \t\tEND WARN\tinner\tinner\ttimestamp=1043\t
        \tEND WARN\touter\touter\ttimestamp=1044\t
        END WARN\t----\t----\ttimestamp=1044\t
        """);
    write("sysinfo/uname", "Linux board7 5.10.0 #1 SMP x86_64 GNU/Linux\n");

    ParsedResults parsed = StatusLogParser.parse(dir);

    assertThat(parsed.tests())
        .extracting("name", "status", "reason", "kernel")
        .containsExactly(
            tuple("reboot", "GOOD", "", "6.1.0-rc3"),
            tuple("outer", "WARN", "slow disk", "6.1.0-rc3"),
            tuple("inner", "WARN", "slow disk", "6.1.0-rc3"));
    assertThat(parsed.kernel()).isEqualTo("6.1.0-rc3");
    assertThat(parsed.status()).isEqualTo("WARN");
    assertThat(parsed.reason()).isEqualTo("slow disk");
  }

  @Test
  void a_log_cut_short_ends_its_open_groups_abort_and_bad_lines_are_named() throws Exception {
    write(
        "status.log",
        """
        START\t----\t----\ttimestamp=1000\t
        \tSTART\tdbench\tdbench\ttimestamp=1001\t
        \t\tNOT_A_STATUS\tdbench\tdbench\ttimestamp=1002\t
        \t\tGOOD\tdbench
        \t\tINFO\tdbench\tdbench\ttimestamp=1003\tfirst line
          second line of the message
        """);
    write("sysinfo/uname", "Linux board7 5.10.0-9 #1 SMP x86_64 GNU/Linux\n");

    ParsedResults parsed = StatusLogParser.parse(dir);

    assertThat(parsed.status()).isEqualTo("ABORT");
    assertThat(parsed.reason()).isEqualTo("the status log ends before this group's END line");
    assertThat(parsed.tests())
        .extracting("name", "status", "finished")
        .containsExactly(tuple("dbench", "ABORT", Instant.ofEpochSecond(1001)));
    assertThat(parsed.kernel()).isEqualTo("5.10.0-9");
    assertThat(parsed.warnings())
        .containsExactly(
            "line 3: unknown status 'NOT_A_STATUS'; skipped",
            "line 4: fewer than three tab-separated fields; skipped");
  }

  @Test
  void a_lone_status_line_is_a_test_and_a_folder_without_a_log_is_an_error() throws Exception {
    write("status.log", "GOOD\tsubtest\tsubtest\ttimestamp=1000\tfine\n");

    assertThat(StatusLogParser.parse(dir).tests())
        .extracting("name", "status")
        .containsExactly(tuple("subtest", "GOOD"));

    Files.delete(dir.resolve("status.log"));
    ParsedResults empty = StatusLogParser.parse(dir);
    assertThat(empty.status()).isEqualTo("ERROR");
    assertThat(empty.reason()).contains("no status.log");
    assertThat(empty.tests()).isEmpty();
  }

  @Test
  void iterations_and_test_attributes_come_from_the_test_folder() throws Exception {
    write(
        "status.log",
        """
        START\tdbench\tdbench\ttimestamp=1000\t
        \tGOOD\tdbench\tdbench\ttimestamp=1010\tcompleted successfully
        END GOOD\tdbench\tdbench\ttimestamp=1010\t
        """);
    write("dbench/keyval", "version=1\nsysinfo-memtotal-in-kb=16384\n");
    write(
        "dbench/results/keyval",
        "throughput{perf}=512.5\nclients{attr}=4\nlatency=3.25\nmode=sync\n\n"
            + "throughput{perf}=498\nbroken{perf}=fast\n");

    ParsedTest test = StatusLogParser.parse(dir).tests().get(0);

    assertThat(test.attributes()).containsEntry("version", "1");
    assertThat(test.iterations()).hasSize(2);
    assertThat(test.iterations().get(0).perf())
        .isEqualTo(Map.of("throughput", 512.5, "latency", 3.25));
    assertThat(test.iterations().get(0).attributes())
        .isEqualTo(Map.of("clients", "4", "mode", "sync"));
    assertThat(test.iterations().get(1).index()).isEqualTo(2);
    assertThat(test.iterations().get(1).perf()).isEqualTo(Map.of("throughput", 498.0));
    assertThat(StatusLogParser.parse(dir).warnings())
        .containsExactly("perf value broken{perf}=fast is not a number; skipped");
  }

  @Test
  void parses_what_a_real_hangar_run_wrote() throws Exception {
    Path control =
        Files.writeString(
            dir.resolve("two.control"),
            "job.run_test('sleeptest', seconds: 0)\n"
                + "job.run_test('shell', command: 'echo about to fail; exit 3')\n");
    Path results = dir.resolve("out");
    StringWriter out = new StringWriter();
    CommandLine hangar = Main.commandLine();
    hangar.setOut(new PrintWriter(out, true));
    hangar.setErr(new PrintWriter(new StringWriter(), true));

    int status = hangar.execute("run", control.toString(), "--results", results.toString());

    assertThat(status).as(out.toString()).isEqualTo(1);
    ParsedResults parsed = StatusLogParser.parse(results);
    assertThat(parsed.status()).isEqualTo("FAIL");
    assertThat(parsed.machine()).isEqualTo("localhost");
    assertThat(parsed.keyvals()).containsEntry("drone", Machines.hostname());
    assertThat(parsed.started()).isNotNull();
    assertThat(parsed.tests())
        .extracting("name", "status", "reason")
        .containsExactly(
            tuple("sleeptest", "GOOD", ""), tuple("shell", "FAIL", "command exited with status 3"));
    assertThat(parsed.warnings()).isEmpty();
  }

  private void write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
