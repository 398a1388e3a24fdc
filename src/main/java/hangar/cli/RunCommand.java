package hangar.cli;

import hangar.autoserv.Autoserv;
import hangar.autoserv.SessionOutcome;
import hangar.autoserv.SessionSpec;
import hangar.autoserv.StatusCode;
import hangar.autoserv.StatusEntry;
import hangar.config.GlobalConfig;
import hangar.host.HostAddress;
import hangar.host.LocalHost;
import hangar.host.SshSettings;
import hangar.lab.ControlType;
import hangar.testlib.TestLibrary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hangar run CONTROL}: runs a client control file with no server, on this machine or on a
 * host over SSH, the way Autotest's {@code bin/autotest <control_file>} does, and writes a results
 * folder.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a client control file on this machine (localhost), or on a host over SSH with -m,"
          + " with no server, and writes a results folder: control, status.log, keyval, debug/"
          + " and one folder per test.",
      "With -s (or a CONTROL ending .srv), runs a server-side control file over the machines"
          + " given with -m (repeatable or comma-separated): it sees machines, hosts.create(name),"
          + " parallel_simple(closure, machines) and job.barrier(name, timeout).",
      "Prints a line per test as it ends, then the results folder and the verdict.",
      "Exit status: 0 when the verdict is GOOD or WARN, 1 otherwise, 2 for a usage error."
    })
public final class RunCommand implements Callable<Integer> {
  /** Where results go without {@code --results}. */
  public static final Path DEFAULT_RESULTS_ROOT = Path.of("results");

  private static final DateTimeFormatter SUFFIX =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "CONTROL",
      description = "The control file: a Groovy script using job.run_test(...).")
  Path control;

  @Option(
      names = {"-r", "--results"},
      paramLabel = "DIR",
      description = {
        "The results folder to write; it must not hold a status.log yet.",
        "Default: results/<control file name without .control> (under --results-root); if"
            + " that exists, a timestamp suffix is added (results/first.20261122-021106), as"
            + " monitor_queue does."
      })
  Path results;

  @Option(
      names = "--results-root",
      paramLabel = "DIR",
      description = "Where the default results folder is made (default: ${DEFAULT-VALUE}).")
  Path resultsRoot = DEFAULT_RESULTS_ROOT;

  @Option(
      names = {"-m", "--machine"},
      paramLabel = "[USER@]HOST[:PORT]",
      split = ",",
      description = {
        "The host to run on (default: localhost, this machine without SSH). Any other"
            + " host is reached over SSH with public keys, as this user and on port 22 unless"
            + " given. A server-side control file takes several (repeat -m or separate with"
            + " commas)."
      })
  List<String> machines = new ArrayList<>();

  @Option(
      names = {"-s", "--server-side"},
      description =
          "CONTROL is a server-side control file (the default when its name ends in .srv).")
  boolean serverSide;

  @Option(
      names = {"-i", "--identity"},
      paramLabel = "FILE",
      description =
          "A private key to offer (repeatable; default: ~/.ssh/id_ed25519 and ~/.ssh/id_rsa,"
              + " as OpenSSH).")
  List<Path> identities = new ArrayList<>();

  @Option(
      names = "--known-hosts",
      paramLabel = "FILE",
      description =
          "The known-hosts file the host's key must be in (default: ~/.ssh/known_hosts;"
              + " [host]:port entries for other ports than 22).")
  Path knownHosts;

  @Option(
      names = "--accept-new-host-key",
      description =
          "Accept a host key the known-hosts file does not hold yet, and add it there. A key that"
              + " differs from the one on file is refused all the same.")
  boolean acceptNewHostKey;

  @Option(
      names = "--tests-path",
      paramLabel = "DIR",
      description = {
        "A folder of your own tests, one folder with a test.ini per test (repeatable; default:"
            + " tests_path of [AUTOSERV] in the configuration, if there is one)."
      })
  List<Path> testsPath = new ArrayList<>();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "The configuration file to read [AUTOSERV] from (default: $HANGAR_CONFIG, else"
              + " ./global_config.ini if it exists).")
  Path config;

  private final Clock clock = Clock.system(ZoneId.systemDefault());

  @Override
  public Integer call() {
    String text = readControl();
    ControlType type =
        serverSide || control.getFileName().toString().endsWith(".srv")
            ? ControlType.SERVER
            : ControlType.CLIENT;
    List<String> hosts = machines.isEmpty() ? List.of(LocalHost.HOSTNAME) : List.copyOf(machines);
    if (type == ControlType.CLIENT && hosts.size() > 1) {
      throw new ParameterException(
          spec.commandLine(),
          "a client control file runs on one host, got "
              + hosts
              + "; give one -m, or run it server-side with -s");
    }
    Path dir = resultsDir();
    PrintWriter out = spec.commandLine().getOut();
    SessionSpec session =
        new SessionSpec(
            "run-" + SUFFIX.format(clock.instant().atZone(clock.getZone())),
            0,
            System.getProperty("user.name", "nobody"),
            control.getFileName().toString(),
            type,
            text,
            hosts,
            dir);
    SshSettings ssh = sshSettings(hosts);
    TestLibrary library =
        TestLibrary.load(
            testsPath.isEmpty() ? GlobalConfig.locate(config).autoserv().testsPath() : testsPath);
    library.warnings().forEach(warning -> out.println("warning: " + warning));
    out.println(
        "running "
            + control
            + " on "
            + String.join(", ", hosts)
            + (type == ControlType.SERVER ? " (server-side)" : "")
            + "; results in "
            + dir);
    out.flush();
    SessionOutcome outcome =
        AbortOnShutdown.run(
            () ->
                Autoserv.create(clock, entry -> printProgress(out, entry), ssh, library)
                    .run(session));
    out.println("results: " + dir.toAbsolutePath().normalize());
    out.println(
        "verdict: "
            + outcome.verdict()
            + (outcome.reason().isEmpty() ? "" : " (" + outcome.reason() + ")"));
    out.flush();
    return outcome.verdict().isPassed() ? 0 : 1;
  }

  private SshSettings sshSettings(List<String> hosts) {
    for (String machine : hosts) {
      if (!LocalHost.HOSTNAME.equals(machine)) {
        try {
          HostAddress.parse(machine, "root");
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
      }
    }
    SshSettings defaults =
        SshSettings.openSshDefaults(Path.of(System.getProperty("user.home", "/root")));
    SshSettings chosen =
        new SshSettings(
            identities.isEmpty() ? defaults.identities() : identities,
            knownHosts == null ? defaults.knownHosts() : knownHosts,
            false,
            defaults.connectTimeout(),
            defaults.keepalive());
    return acceptNewHostKey ? chosen.acceptingNewHostKeys() : chosen;
  }

  /** One line per finished test and per job-level problem (a control file error, an abort). */
  private static void printProgress(PrintWriter out, StatusEntry entry) {
    boolean testEnded = entry.end() && entry.indent() == 1;
    boolean jobProblem =
        !entry.end()
            && entry.indent() == 1
            && entry.operation().isEmpty()
            && entry.code().isOutcome()
            && entry.code() != StatusCode.GOOD;
    if (testEnded || jobProblem) {
      String name = entry.operation().isEmpty() ? "job" : entry.operation();
      String line = String.format(Locale.ROOT, "%-9s %s", entry.statusWord(), name);
      out.println(entry.message().isEmpty() ? line : line + "  " + entry.message());
      out.flush();
    }
  }

  private String readControl() {
    if (!Files.isRegularFile(control)) {
      throw new ParameterException(
          spec.commandLine(),
          "control file '" + control + "' not found (or not a regular file); give the path of one");
    }
    try {
      return Files.readString(control, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "cannot read control file '" + control + "': " + e.getMessage(), e);
    }
  }

  private Path resultsDir() {
    if (results != null) {
      if (Files.exists(results.resolve("status.log"))) {
        throw new ParameterException(
            spec.commandLine(),
            "results folder '"
                + results
                + "' already holds a status.log; choose another with --results or leave it out");
      }
      return results;
    }
    String name = control.getFileName().toString();
    if (name.endsWith(".control") && name.length() > ".control".length()) {
      name = name.substring(0, name.length() - ".control".length());
    }
    Path dir = resultsRoot.resolve(name);
    if (!Files.exists(dir)) {
      return dir;
    }
    Instant now = clock.instant();
    String stamped = name + "." + SUFFIX.format(now.atZone(clock.getZone()));
    Path candidate = resultsRoot.resolve(stamped);
    for (int n = 2; Files.exists(candidate); n++) {
      candidate = resultsRoot.resolve(stamped + "-" + n);
    }
    return candidate;
  }
}
