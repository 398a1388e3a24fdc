package hangar.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import hangar.Main;
import hangar.testing.OpenSshServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hangar run -m user@host:port} against a real OpenSSH sshd on a loopback port. */
class RunOverSshTest {
  @TempDir static Path serverDir;
  @TempDir Path dir;

  private static OpenSshServer sshd;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = OpenSshServer.start(serverDir.resolve("sshd"));
  }

  @AfterAll
  static void stopSshd() throws Exception {
    sshd.close();
  }

  @Test
  void a_control_file_runs_its_tests_on_the_host_over_ssh() throws Exception {
    Path seen = dir.resolve("ssh-connection");
    Path control =
        Files.writeString(
            dir.resolve("remote.control"),
            "job.run_test('shell', command: 'echo \"$SSH_CONNECTION\" > "
                + seen
                + "')\n"
                + "job.run_test('shell', command: 'exit 2', tag: 'failing')\n");
    Path results = dir.resolve("out");

    int status = runOverSsh(control, results);

    assertThat(status).as(out + "" + err).isEqualTo(1);
    assertThat(out.toString())
        .contains("running " + control + " on " + address())
        .contains("END GOOD  shell\n")
        .contains("END FAIL  shell.failing");
    // The command ran under sshd: its environment names the SSH connection from 127.0.0.1.
    assertThat(seen).content(UTF_8).startsWith("127.0.0.1 ").contains(" " + sshd.port() + "\n");
    assertThat(results.resolve("status.log")).content(UTF_8).contains("\tGOOD\tshell\tshell\t");
  }

  @Test
  void the_test_library_runs_over_ssh_with_a_nested_status_log_and_real_perf_keyvals()
      throws Exception {
    Path control =
        Files.writeString(
            dir.resolve("library.control"),
            """
            job.run_test('sleeptest', seconds: 0.2)
            job.run_test('shell', command: 'uname -a')
            job.run_test('dbench', seconds: 2, clients: 2)
            job.run_test('fio', rw: 'randrw', size: '8m', seconds: 1)
            """);
    Path results = dir.resolve("library");

    int status = runOverSsh(control, results);

    assertThat(status).as(out + "" + err).isZero();
    List<String> lines =
        Files.readAllLines(results.resolve("status.log"), UTF_8).stream()
            .map(line -> line.replaceAll("\ttimestamp=\\d+\tlocaltime=[^\t]*\t", "\t"))
            .toList();
    List<String> expected = new ArrayList<>(List.of("START\t----\t----\t"));
    for (String test : List.of("sleeptest", "shell", "dbench", "fio")) {
      expected.add("\tSTART\t" + test + "\t" + test + "\t");
      expected.add("\t\tGOOD\t" + test + "\t" + test + "\tcompleted successfully");
      expected.add("\tEND GOOD\t" + test + "\t" + test + "\t");
    }
    expected.add("END GOOD\t----\t----\t");
    assertThat(lines).containsExactlyElementsOf(expected);
    assertThat(results.resolve("dbench/results/keyval"))
        .content(UTF_8)
        .containsPattern("throughput_mb_per_s\\{perf\\}=[0-9.]*[1-9][0-9.]*\n")
        .containsPattern("max_latency_ms\\{perf\\}=[0-9.]+\n");
    assertThat(results.resolve("fio/results/keyval"))
        .content(UTF_8)
        .containsPattern("fio.read_bw_kib_per_s\\{perf\\}=[1-9][0-9]*\n")
        .containsPattern("fio.write_iops\\{perf\\}=[0-9.]+\n");
    // dbench's own report, fetched from its run on the host, is in the test's debug folder.
    assertThat(results.resolve("dbench/debug/dbench.out")).content(UTF_8).contains("Throughput");
  }

  @Test
  void a_reboot_waits_for_the_host_and_records_the_kernel_it_came_back_with() throws Exception {
    // The "reboot" stops this sshd; the test brings it back a second later, as a host would boot.
    Path control =
        Files.writeString(
            dir.resolve("reboot.control"),
            "job.reboot(command: 'kill $(cat "
                + sshd.pidFile()
                + ")', timeout: 60)\njob.run_test('shell', command: 'true')\n");
    Path results = dir.resolve("rebooted");
    CompletableFuture<Void> restarted =
        CompletableFuture.runAsync(
            () -> {
              try {
                sshd.restartWhenItStops(Duration.ofSeconds(1));
              } catch (Exception e) {
                throw new IllegalStateException("sshd did not come back", e);
              }
            });

    int status = runOverSsh(control, results);

    restarted.get(60, TimeUnit.SECONDS);
    assertThat(status).as(out + "" + err).isZero();
    String kernel =
        new String(new ProcessBuilder("uname", "-r").start().getInputStream().readAllBytes(), UTF_8)
            .strip();
    List<String> lines =
        Files.readAllLines(results.resolve("status.log"), UTF_8).stream()
            .map(line -> line.replaceAll("\ttimestamp=\\d+\tlocaltime=[^\t]*\t", "\t"))
            .toList();
    assertThat(lines)
        .startsWith(
            "START\t----\t----\t",
            "\tSTART\t----\treboot\t",
            "\t\tGOOD\t----\treboot.start\t",
            "\t\tGOOD\t----\treboot.verify\t" + kernel,
            "\tEND GOOD\t----\treboot\tkernel=" + kernel + "\t",
            "\tSTART\tshell\tshell\t");
    assertThat(results.resolve("sysinfo/uname")).exists();
    assertThat(results.resolve("sysinfo/boot.0/uname")).content(UTF_8).contains(kernel);
  }

  @Test
  void a_host_whose_key_is_unknown_ends_the_run_in_error_with_the_way_out() throws Exception {
    Path control =
        Files.writeString(dir.resolve("x.control"), "job.run_test('shell', command: 'true')");
    Path empty = Files.createFile(dir.resolve("known_hosts"));
    Path results = dir.resolve("out");

    int status =
        hangar(
            "run",
            control.toString(),
            "-m",
            address(),
            "-i",
            sshd.clientKey().toString(),
            "--known-hosts",
            empty.toString(),
            "--results",
            results.toString());

    assertThat(status).isEqualTo(1);
    assertThat(out.toString()).contains("verdict: ERROR").contains("--accept-new-host-key");
    assertThat(results.resolve("status.log"))
        .content(UTF_8)
        .contains("is not the one in " + empty)
        .contains("END ERROR");
  }

  @Test
  void a_malformed_address_is_a_usage_error() throws Exception {
    Path control =
        Files.writeString(dir.resolve("y.control"), "job.run_test('shell', command: 'true')");

    int status = hangar("run", control.toString(), "-m", "root@bad host:22");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("write [user@]host[:port]");
  }

  /** {@code hangar run CONTROL} on the sshd's host with its key and known hosts. */
  private int runOverSsh(Path control, Path results) {
    return hangar(
        "run",
        control.toString(),
        "-m",
        address(),
        "-i",
        sshd.clientKey().toString(),
        "--known-hosts",
        sshd.knownHosts().toString(),
        "--results",
        results.toString());
  }

  private static String address() {
    return sshd.user() + "@127.0.0.1:" + sshd.port();
  }

  private int hangar(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
