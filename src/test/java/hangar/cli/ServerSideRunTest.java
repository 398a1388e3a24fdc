package hangar.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import hangar.Main;
import hangar.testing.OpenSshServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Server-side control files over two hosts, each a real OpenSSH sshd on its own loopback port:
 * {@code hangar run -s -m A -m B}.
 */
class ServerSideRunTest {
  @TempDir static Path serverDir;
  @TempDir Path dir;

  private static OpenSshServer first;
  private static OpenSshServer second;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void startSshd() throws Exception {
    first = OpenSshServer.start(serverDir.resolve("first"));
    second = OpenSshServer.start(serverDir.resolve("second"));
  }

  @AfterAll
  static void stopSshd() throws Exception {
    first.close();
    second.close();
  }

  @Test
  void a_barrier_holds_each_host_until_both_reach_it() throws Exception {
    Path log = dir.resolve("order.log");
    // The first machine dawdles before the barrier: without it, the second would write "after"
    // before the first wrote "before".
    Path control =
        Files.writeString(
            dir.resolve("barrier.srv"),
            """
            parallel_simple({ m ->
              def h = hosts.create(m)
              h.run("sleep ${m == machines[0] ? 2 : 0}; echo before-${h.hostname} >> %1$s")
              job.barrier('sync', 60)
              h.run("echo after >> %1$s")
              // The same name again is a new barrier: the second machine waits for the first.
              if (m == machines[0]) { h.run("sleep 2; echo late >> %1$s") }
              job.barrier('sync', 60)
              if (m == machines[1]) { h.run("echo second >> %1$s") }
              job.run_test('sleeptest', seconds: 0.1)
            }, machines)
            def uname = hosts.create(machines[1]).run('uname -s')
            job.record('INFO', null, 'uname', uname.stdout.strip())
            """
                .formatted(log));
    Path results = dir.resolve("barrier");

    int status = hangar(control, results);

    assertThat(status).as(out + "" + err).isZero();
    List<String> lines = Files.readAllLines(log, UTF_8);
    assertThat(lines).hasSize(6);
    assertThat(lines.subList(0, 2)).allMatch(l -> l.startsWith("before-"));
    assertThat(lines.subList(2, 4)).containsOnly("after");
    assertThat(lines.subList(4, 6)).containsExactly("late", "second");
    String status1 = Files.readString(results.resolve("status.log"), UTF_8);
    assertThat(status1)
        .contains("\tSTART\t127.0.0.1_" + first.port() + "/sleeptest\tsleeptest\t")
        .contains("\tEND GOOD\t127.0.0.1_" + second.port() + "/sleeptest\tsleeptest\t")
        .contains("\tINFO\t----\tuname\t")
        .contains("Linux");
    assertThat(results.resolve("127.0.0.1_" + first.port() + "/sysinfo/uname")).exists();
    assertThat(results.resolve("127.0.0.1_" + second.port() + "/sleeptest/debug")).isDirectory();
  }

  @Test
  void a_host_that_never_reaches_the_barrier_fails_the_others_with_the_reason() throws Exception {
    Path control =
        Files.writeString(
            dir.resolve("lonely.srv"),
            """
            parallel_simple({ m ->
              if (m == machines[0]) {
                job.barrier('never-both', 2)
              }
            }, machines)
            """);

    int status = hangar(control, dir.resolve("lonely"));

    assertThat(status).isEqualTo(1);
    assertThat(out.toString())
        .contains("verdict: ERROR")
        .contains(
            "barrier 'never-both' timed out after 2 s: 1 (127.0.0.1_"
                + first.port()
                + ") of 2 hosts arrived");
  }

  @Test
  void iperf3_measures_the_network_between_two_hosts() throws Exception {
    Path control =
        Files.writeString(
            dir.resolve("iperf.srv"),
            """
            def server = hosts.create(machines[0])
            def client = hosts.create(machines[1])
            job.run_test('iperf3', host: client, server: server, seconds: 1, port: %d)
            """
                .formatted(freePort()));
    Path results = dir.resolve("iperf");

    int status = hangar(control, results);

    assertThat(status).as(out + "" + err).isZero();
    assertThat(results.resolve("127.0.0.1_" + second.port() + "/iperf3/results/keyval"))
        .content(UTF_8)
        .containsPattern("sent_mbit_per_s\\{perf\\}=[0-9.]*[1-9]")
        .containsPattern("received_mbit_per_s\\{perf\\}=[0-9.]*[1-9]")
        .contains("retransmits{perf}=");
  }

  @Test
  void a_client_control_file_over_two_hosts_is_a_usage_error() throws Exception {
    Path control = Files.writeString(dir.resolve("x.control"), "job.run_test('sleeptest', 0)");

    int status = execute("run", control.toString(), "-m", address(first) + "," + address(second));

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("run it server-side with -s");
  }

  private int hangar(Path control, Path results) {
    return execute(
        "run",
        control.toString(),
        "-m",
        address(first),
        "-m",
        address(second),
        "-i",
        first.clientKey().toString(),
        "-i",
        second.clientKey().toString(),
        "--known-hosts",
        knownHosts().toString(),
        "--results",
        results.toString());
  }

  private Path knownHosts() {
    try {
      Path both = dir.resolve("known_hosts");
      Files.writeString(
          both,
          Files.readString(first.knownHosts(), UTF_8)
              + Files.readString(second.knownHosts(), UTF_8));
      return both;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String address(OpenSshServer sshd) {
    return sshd.user() + "@127.0.0.1:" + sshd.port();
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private int execute(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }
}
