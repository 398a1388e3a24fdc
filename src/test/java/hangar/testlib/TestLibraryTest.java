package hangar.testlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import hangar.autoserv.Autoserv;
import hangar.autoserv.SessionOutcome;
import hangar.autoserv.SessionSpec;
import hangar.autoserv.StatusListener;
import hangar.autoserv.Verdict;
import hangar.host.SshSettings;
import hangar.lab.ControlType;
import hangar.testing.OpenSshServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each test of the library run for real on this machine through autoserv, with its real tool. CI
 * installs the tools (.ci/run); elsewhere a test whose tool is missing is skipped. Installing a
 * package happens on a host with a private system (an sshd over overlays), never on this machine.
 */
class TestLibraryTest {
  @TempDir Path dir;
  @TempDir Path testsPath;

  @Test
  void dbench_records_its_throughput_and_latency() throws Exception {
    requireTool("dbench");

    SessionOutcome outcome = run("job.run_test('dbench', seconds: 2, clients: 2)");

    assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(Verdict.GOOD);
    Map<String, String> keyval = keyval("dbench");
    assertThat(Double.parseDouble(keyval.get("throughput_mb_per_s{perf}"))).isPositive();
    assertThat(Double.parseDouble(keyval.get("max_latency_ms{perf}"))).isPositive();
    assertThat(keyval).containsEntry("clients{attr}", "2");
    assertThat(Files.readString(dir.resolve("dbench/debug/dbench.out"))).contains("Throughput");
  }

  @Test
  void tbench_runs_its_server_and_client_over_loopback() throws Exception {
    requireTool("tbench");

    SessionOutcome outcome = run("job.run_test('tbench', seconds: 2, clients: 1)");

    assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(Verdict.GOOD);
    assertThat(Double.parseDouble(keyval("tbench").get("throughput_mb_per_s{perf}"))).isPositive();
    assertThat(ProcessHandle.current().descendants())
        .as("tbench_srv is stopped with its client")
        .noneMatch(p -> p.info().command().orElse("").endsWith("tbench_srv") && p.isAlive());
  }

  @Test
  void fio_records_bandwidth_iops_and_latency_per_direction() throws Exception {
    requireTool("fio");

    SessionOutcome outcome =
        run("job.run_test('fio', rw: 'randrw', size: '8m', seconds: 1, bs: '4k')");

    assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(Verdict.GOOD);
    Map<String, String> keyval = keyval("fio");
    for (String direction : List.of("read", "write")) {
      assertThat(Long.parseLong(keyval.get("fio." + direction + "_bw_kib_per_s{perf}")))
          .isPositive();
      assertThat(Double.parseDouble(keyval.get("fio." + direction + "_iops{perf}"))).isPositive();
      assertThat(Double.parseDouble(keyval.get("fio." + direction + "_clat_mean_us{perf}")))
          .isPositive();
    }
    assertThat(keyval).doesNotContainKey("fio.trim_iops{perf}");
  }

  @Test
  void fio_runs_a_job_file_given_as_text() throws Exception {
    requireTool("fio");

    SessionOutcome outcome =
        run(
            """
            job.run_test('fio', jobfile: '''
            [seqwrite]
            rw=write
            bs=64k
            size=4m
            filename=seq.dat
            ''')
            """);

    assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(Verdict.GOOD);
    assertThat(keyval("fio")).containsKey("seqwrite.write_bw_kib_per_s{perf}");
    assertThat(dir.resolve("fio/debug/fio.job")).content().contains("[seqwrite]");
  }

  @Test
  void stress_ng_records_bogo_ops_per_second() throws Exception {
    requireTool("stress-ng");

    SessionOutcome outcome =
        run("job.run_test('stress-ng', stressor: 'cpu', workers: 1, seconds: 1)");

    assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(Verdict.GOOD);
    Map<String, String> keyval = keyval("stress-ng");
    assertThat(Long.parseLong(keyval.get("cpu_bogo_ops{perf}"))).isPositive();
    assertThat(Double.parseDouble(keyval.get("cpu_bogo_ops_per_s{perf}"))).isPositive();
  }

  @Test
  void bonnie_reads_its_csv_into_throughput_and_latencies() throws Exception {
    requireTool("bonnie++");

    SessionOutcome outcome =
        run("job.run_test('bonnie', size_mb: 64, ram_mb: 32, files: 1, fast: true)");

    assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(Verdict.GOOD);
    Map<String, String> keyval = keyval("bonnie");
    assertThat(keyval).containsEntry("file_size{attr}", "64M").containsKey("bonnie_version{attr}");
    assertThat(keyval.keySet()).anyMatch(k -> k.endsWith("_latency_us{perf}"));
    assertThat(keyval).doesNotContainKey("seqout_perchr_kib_per_s{perf}");
  }

  @Test
  void bonnie_leaves_out_columns_too_fast_to_measure() {
    // A real line of bonnie++ 2.00a -q, of the run above.
    String csv =
        "1.98,2.00a,vm,1,1795327191,64M,,8192,5,,,+++++,+++,+++++,+++,,,+++++,+++,+++++,+++,1,,,,,"
            + "+++++,+++,+++++,+++,+++++,+++,+++++,+++,+++++,+++,+++++,+++,,79us,58us,,31us,"
            + "4096us,132us,69us,323us,916us,19us,30us\n";

    Map<String, Object> values = BonnieTest.keyvals(csv);

    assertThat(values)
        .containsEntry("seqout_block_latency_us{perf}", "79.000")
        .containsEntry("random_seeks_latency_us{perf}", "4096.000")
        .containsEntry("files{attr}", "1")
        .doesNotContainKey("seqout_block_kib_per_s{perf}")
        .doesNotContainKey("seqout_perchr_latency_us{perf}");
  }

  @Test
  void kernbench_times_an_out_of_tree_build_of_a_tarball() throws Exception {
    requireTool("make");
    requireTool("gcc");
    // A tree that builds the way a kernel tree does: `make O=dir defconfig`, then `make O=dir`.
    Path tree = Files.createDirectories(dir.resolve("tiny-linux-1.0"));
    Files.writeString(tree.resolve("main.c"), "int main(void) { return 0; }\n");
    Files.writeString(
        tree.resolve("Makefile"),
        """
        O ?= .
        all: $(O)/.config
        \tgcc -O2 -o $(O)/vmlinux $(CURDIR)/main.c
        defconfig:
        \techo CONFIG_TINY=y > $(O)/.config
        """);
    Path tarball = dir.resolve("tiny-linux-1.0.tar.gz");
    exec(dir, "tar", "-czf", tarball.toString(), "tiny-linux-1.0");

    SessionOutcome outcome =
        run("job.run_test('kernbench', source: '" + tarball + "', jobs: 2)", dir.resolve("out"));

    assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(Verdict.GOOD);
    Map<String, String> keyval = keyval(dir.resolve("out"), "kernbench");
    assertThat(Double.parseDouble(keyval.get("elapsed_s{perf}"))).isPositive();
    assertThat(keyval)
        .containsKeys("user_s{perf}", "system_s{perf}")
        .containsEntry("jobs{attr}", "2");
    assertThat(dir.resolve("out/kernbench/debug/build.log")).content().contains("gcc -O2");
  }

  @Test
  void a_missing_tool_is_test_na_with_the_reason() throws Exception {
    assumeTrue(!onPath("fsx") && !onPath("fsx-linux"), "fsx is installed here");

    SessionOutcome outcome = run("job.run_test('fsx', operations: 100)");

    assertThat(outcome.verdict()).isEqualTo(Verdict.WARN);
    assertThat(status(dir))
        .contains("\t\tTEST_NA\tfsx\tfsx\tneither fsx nor fsx-linux is installed on localhost")
        .contains("\tEND TEST_NA\tfsx\tfsx\t");
  }

  @Test
  void a_user_test_runs_its_folder_on_the_host_and_reads_its_metrics() throws Exception {
    Path test = Files.createDirectories(testsPath.resolve("counter"));
    Files.writeString(
        test.resolve("test.ini"),
        """
        [test]
        command = ./count.sh {limit} {label}
        timeout = 60
        requires = awk

        [arguments]
        limit = 3
        label = plain

        [metrics]
        total_items = ^total ([0-9]+) items
        rate_per_s = rate=([0-9.]+)/s
        """);
    Path script =
        Files.writeString(
            test.resolve("count.sh"),
            "#!/bin/sh\necho \"label: $2\"\nseq \"$1\" | awk '{s+=$1} END {print \"total \" s \" items\"}'\n"
                + "echo rate=12.5/s\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

    SessionOutcome outcome =
        run(
            "job.run_test('counter', limit: 4, label: 'two words; rm -rf /', tag: 'four')",
            dir,
            TestLibrary.load(List.of(testsPath)));

    assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(Verdict.GOOD);
    assertThat(keyval("counter.four"))
        .containsEntry("total_items{perf}", "10")
        .containsEntry("rate_per_s{perf}", "12.5")
        .containsEntry("exit_status{attr}", "0");
    assertThat(dir.resolve("counter.four/debug/counter.out"))
        .content()
        .contains("label: two words; rm -rf /");
  }

  @Test
  void a_user_test_whose_metric_is_missing_errs_and_a_broken_definition_says_where()
      throws Exception {
    Path quiet = Files.createDirectories(testsPath.resolve("quiet"));
    Files.writeString(
        quiet.resolve("test.ini"),
        "[test]\ncommand = echo nothing\n[metrics]\nspeed = speed ([0-9]+)\n");
    Path broken = Files.createDirectories(testsPath.resolve("broken"));
    Files.writeString(broken.resolve("test.ini"), "[test]\ncommand = run {size}\n");

    SessionOutcome outcome =
        run(
            "job.run_test('quiet')\njob.run_test('broken')\njob.run_test('nosuch')",
            dir,
            TestLibrary.load(List.of(testsPath)));

    assertThat(outcome.verdict()).isEqualTo(Verdict.ERROR);
    assertThat(status(dir))
        .contains("ERROR\tquiet\tquiet\tmetrics not found in the output: speed (speed ([0-9]+))")
        .contains(
            "ERROR\tbroken\tbroken\t"
                + broken.resolve("test.ini")
                + ": command uses {size} but [arguments] gives it no default")
        .containsPattern(
            "ERROR\tnosuch\tnosuch\tunknown test 'nosuch'; known tests: .*broken.*quiet");
  }

  @Test
  void a_folder_named_like_a_built_in_test_is_ignored_with_a_warning() throws Exception {
    Path shadow = Files.createDirectories(testsPath.resolve("dbench"));
    Files.writeString(shadow.resolve("test.ini"), "[test]\ncommand = true\n");

    TestLibrary library = TestLibrary.load(List.of(testsPath, testsPath.resolve("missing")));

    assertThat(library.warnings())
        .containsExactly(
            shadow + " is ignored: dbench is a built-in test; rename the folder",
            "tests path "
                + testsPath.resolve("missing")
                + " is not a folder; no tests read from it");
  }

  /**
   * Tiny Debian packages whose tool prints a number. The install test takes the first that this
   * machine lacks, so that it can show the tool reached only the host's private system.
   */
  private record Installable(String tool, String command, String metric, String value) {}

  private static final List<Installable> INSTALLABLE =
      List.of(
          new Installable("tree", "tree -a . | tail -n 1", "([0-9]+) files?", "1"),
          new Installable("datamash", "seq 4 | datamash sum 1", "^([0-9]+)$", "10"));

  @Test
  void install_true_installs_a_missing_tool_with_the_package_manager() throws Exception {
    boolean ci = "true".equals(System.getenv("CI"));
    assumeTrue(
        ci || "root".equals(System.getProperty("user.name")),
        "installing packages in a private system needs root to mount it (CI runs as root)");
    assumeTrue(ci || onPath("apt-get"), "this test uses apt-get");
    Optional<Installable> missing = INSTALLABLE.stream().filter(i -> !onPath(i.tool())).findFirst();
    assumeTrue(ci || missing.isPresent(), "every tool this test could install is installed here");
    Installable pkg =
        missing.orElseThrow(
            () ->
                new AssertionError(
                    "each of "
                        + INSTALLABLE.stream().map(Installable::tool).toList()
                        + " is installed on this machine; remove one so that installing it can"
                        + " be shown"));
    Path test = Files.createDirectories(testsPath.resolve("listing"));
    Files.writeString(
        test.resolve("test.ini"),
        "[test]\ncommand = "
            + pkg.command()
            + "\nrequires = "
            + pkg.tool()
            + "\n[metrics]\nresult = "
            + pkg.metric()
            + "\n");
    TestLibrary library = TestLibrary.load(List.of(testsPath));

    // The host is this machine seen through an sshd whose /usr, /etc and /var are overlays: the
    // real apt-get installs the real package there, and this machine keeps none of it.
    Path hostDir = dir.resolve("host");
    SessionOutcome without;
    SessionOutcome with;
    String namespace;
    try (OpenSshServer host = OpenSshServer.startWithPrivateSystem(hostDir)) {
      namespace = host.mountNamespace();
      without = run("job.run_test('listing')", dir.resolve("before"), library, host);
      with = run("job.run_test('listing', install: true)", dir.resolve("after"), library, host);
    }

    assertThat(without.verdict()).isEqualTo(Verdict.WARN);
    assertThat(without.reason())
        .isEqualTo(
            "listing: "
                + pkg.tool()
                + " is not installed on 127.0.0.1; install package "
                + pkg.tool()
                + " there, or run the test with install: true");
    assertThat(with.verdict()).as(with.reason()).isEqualTo(Verdict.GOOD);
    assertThat(keyval(dir.resolve("after"), "listing")).containsEntry("result{perf}", pkg.value());
    assertThat(hostDir.resolve("system/upper/usr/bin").resolve(pkg.tool())).isExecutable();
    assertThat(onPath(pkg.tool())).as(pkg.tool() + " is on this machine's PATH").isFalse();
    assertThat(OpenSshServer.processesIn(namespace))
        .as("processes left in the private system's namespace")
        .isEmpty();
    assertThat(Path.of("/proc/self/mountinfo")).content().doesNotContain(hostDir.toString());
  }

  /** The status log without its timestamp fields, which the clock decides. */
  private static String status(Path results) throws IOException {
    return Files.readString(results.resolve("status.log"), StandardCharsets.UTF_8)
        .replaceAll("\ttimestamp=\\d+\tlocaltime=[^\t]*\t", "\t");
  }

  private SessionOutcome run(String control) {
    return run(control, dir);
  }

  private SessionOutcome run(String control, Path results) {
    return run(control, results, TestLibrary.builtIn());
  }

  private static SessionOutcome run(String control, Path results, TestLibrary library) {
    return run(
        control,
        results,
        library,
        SshSettings.openSshDefaults(Path.of(System.getProperty("user.home"))),
        "localhost");
  }

  private static SessionOutcome run(
      String control, Path results, TestLibrary library, OpenSshServer host) {
    return run(
        control,
        results,
        library,
        host.clientSettings(),
        host.user() + "@127.0.0.1:" + host.port());
  }

  private static SessionOutcome run(
      String control, Path results, TestLibrary library, SshSettings ssh, String host) {
    Autoserv autoserv = Autoserv.create(Clock.systemUTC(), StatusListener.NONE, ssh, library);
    return autoserv.run(
        new SessionSpec(
            "s-1", 1, "alice", "library", ControlType.CLIENT, control, List.of(host), results));
  }

  private Map<String, String> keyval(String test) throws IOException {
    return keyval(dir, test);
  }

  /** The test's keyval as a map; the last iteration wins. */
  static Map<String, String> keyval(Path results, String test) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line :
        Files.readAllLines(
            results.resolve(test).resolve("results/keyval"), StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return values;
  }

  private static void requireTool(String tool) {
    boolean ci = "true".equals(System.getenv("CI"));
    assumeTrue(ci || onPath(tool), tool + " is not installed here (.ci/run installs it)");
  }

  private static boolean onPath(String tool) {
    return List.of(System.getenv("PATH").split(":")).stream()
        .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
  }

  private static String exec(Path cwd, String... argv) throws Exception {
    Process process =
        new ProcessBuilder(argv).directory(cwd.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }
}
