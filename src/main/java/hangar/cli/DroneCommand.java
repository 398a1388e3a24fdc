package hangar.cli;

import hangar.HangarException;
import hangar.autoserv.InterpreterSettings;
import hangar.config.AutoservSettings;
import hangar.config.GlobalConfig;
import hangar.drone.DroneDaemon;
import hangar.drone.DroneInfo;
import hangar.drone.DroneSettings;
import hangar.drone.DroneUnreachableException;
import hangar.drone.LocalDrone;
import hangar.drone.SessionRunner;
import hangar.drone.SessionState;
import hangar.testlib.TestLibrary;
import hangar.tls.ClientTls;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hangar drone}: runs a drone daemon in the foreground, stops one, or shows its sessions;
 * {@code hangar drone list} shows the server's drones and their slots.
 */
@Command(
    name = "drone",
    customSynopsis = {
      "hangar drone --dir=DIR [--stop | --status | --relay]",
      "       hangar drone --dir=DIR --master=URL --name=NAME --token=TOKEN [--ca-file=FILE]"
          + " [--heartbeat=SECONDS]",
      "       hangar drone list [--json] [--server=URL]",
      "       hangar drone create NAME [--json]",
      "       hangar drone mod NAME (--disable | --enable)"
    },
    subcommands = {
      DroneCommand.ListDrones.class,
      DroneCommand.CreateWorker.class,
      DroneCommand.ModDrone.class
    },
    description = {
      "Runs a drone: the process that runs autoserv sessions for the scheduler.",
      "Without --stop or --status, runs the drone daemon of DIR in the foreground until it is"
          + " asked to stop (--stop, SIGTERM or Ctrl-C); its running sessions are then aborted."
          + " 'hangar server' starts the localhost drone this way by itself, detached, with its"
          + " output appended to DIR/drone.log.",
      "Only one daemon runs per DIR. Sessions are recorded under DIR/sessions, so a restarted"
          + " daemon reports the sessions its predecessor ran.",
      "With --master, the drone is a worker: it dials the master's server itself (from behind"
          + " NAT or a firewall), authenticates with the token 'hangar drone create NAME' printed,"
          + " and runs the sessions the master sends over that one link, dialling again when it"
          + " breaks. It needs no database access and no shared filesystem.",
      "'hangar drone list' asks a running server for its drones: whether each answers, and its"
          + " used and free session slots. 'drone create' makes a worker and prints its token;"
          + " 'drone mod --disable' drains a drone (it finishes its sessions, takes no new ones)."
    },
    footer = {
      "",
      "Examples:",
      "  hangar drone --dir ~/.hangar/drone            run it in the foreground",
      "  hangar drone --dir ~/.hangar/drone --status   list its sessions",
      "  hangar drone --dir ~/.hangar/drone --stop     stop it",
      "  hangar drone list                             the server's drones, slots",
      "  hangar drone create lab-w1                    a worker; prints its token",
      "  hangar drone --dir /var/lib/hangar-worker --master https://hangar:8080 --name lab-w1"
          + " --token hw_... --ca-file /etc/hangar/lab-ca.pem",
      "  hangar drone mod drone2 --disable             drain drone2"
    })
public final class DroneCommand implements Callable<Integer> {
  /**
   * The log, set up on first use: every CLI command makes this command's object, and a static
   * logger would start logging (a tenth of a second) in commands that never log.
   */
  private static Logger log() {
    return LoggerFactory.getLogger(DroneCommand.class);
  }

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  // Required unless an action such as 'list' is given, which picocli cannot say: checked in call().
  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "The drone folder: drone.sock, drone.lock (its pid), drone.log and sessions.journal."
              + " Keep its path short: Unix socket paths are limited to about 100 bytes.")
  Path dir;

  @ArgGroup(exclusive = true)
  Action action = new Action();

  /** What to do instead of running the daemon. */
  static final class Action {
    @Option(names = "--stop", description = "Stop the daemon of DIR and wait until it exited.")
    boolean stop;

    @Option(names = "--status", description = "Show the daemon of DIR and its sessions.")
    boolean status;

    @Option(
        names = "--relay",
        description =
            "Start the daemon of DIR if none runs, then carry drone protocol lines from standard"
                + " input to it and its replies to standard output, until the input ends. The"
                + " scheduler runs this over SSH to drive a remote drone.")
    boolean relay;
  }

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "The global_config.ini whose [SSH] section says which keys and known hosts sessions"
              + " use (default: as the other roles find it: $HANGAR_CONFIG, then"
              + " ./global_config.ini).")
  Path config;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Run as a worker of the Hangar server at URL (https://host:port, or http:// on a"
              + " trusted network): dial it and run the sessions it sends. Needs --name and"
              + " --token.")
  java.net.URI master;

  @Option(
      names = "--ca-file",
      paramLabel = "FILE",
      description =
          "With an https:// master: PEM file of the CA that signed its certificate, trusted"
              + " instead of the system's CAs (default: $HANGAR_CA_FILE, else the system's CAs).")
  Path caFile;

  @Option(names = "--name", paramLabel = "NAME", description = "The worker's name (with --master).")
  String name;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "The worker's token from 'hangar drone create' (with --master; default:"
              + " $HANGAR_WORKER_TOKEN).")
  String token;

  @Option(
      names = "--heartbeat",
      paramLabel = "SECONDS",
      converter = Converters.Seconds.class,
      description =
          "How often the worker tells the master it is alive (default: 5); the master drops a"
              + " link that misses 3.")
  java.time.Duration heartbeat = java.time.Duration.ofSeconds(5);

  /** For tests only: a SessionRunner class the daemon uses instead of autoserv. */
  @Option(names = "--runner", hidden = true, paramLabel = "CLASS")
  String runner;

  @Override
  public Integer call() throws InterruptedException {
    if (dir == null) {
      throw new ParameterException(
          spec.commandLine(),
          "Missing required option: '--dir=DIR' (or run 'hangar drone list' to see the server's"
              + " drones)");
    }
    try {
      if (action.stop) {
        return stop();
      }
      if (action.status) {
        return status();
      }
      if (action.relay) {
        return relay();
      }
      if (master != null) {
        return worker();
      }
      return runDaemon();
    } catch (HangarException e) {
      spec.commandLine().getErr().println("hangar drone: " + e.getMessage());
      return 1;
    }
  }

  private int runDaemon() throws InterruptedException {
    Clock clock = Clock.systemUTC();
    SessionRunner sessionRunner;
    GlobalConfig settings = GlobalConfig.locate(config);
    if (runner == null) {
      TestLibrary library = TestLibrary.load(settings.autoserv().testsPath());
      library.warnings().forEach(warning -> log().warn("tests path: {}", warning));
      AutoservSettings autoserv = settings.autoserv();
      sessionRunner =
          SessionRunner.autoserv(
              clock,
              settings.ssh(),
              library,
              new InterpreterSettings(
                  autoserv.runAs(),
                  autoserv.interpreterHeapMb(),
                  autoserv.interpreterCpuSeconds()));
    } else {
      sessionRunner = SessionRunner.forClassName(runner);
    }
    DroneDaemon daemon =
        DroneDaemon.start(dir, sessionRunner, clock, DroneSettings.digest(settings));
    Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "hangar-drone-shutdown-hook"));
    daemon.awaitStopped();
    return 0;
  }

  private int worker() throws InterruptedException {
    String secret = token != null ? token : System.getenv("HANGAR_WORKER_TOKEN");
    if (name == null || secret == null || secret.isBlank()) {
      throw new ParameterException(
          spec.commandLine(),
          "--master needs --name and --token (or $HANGAR_WORKER_TOKEN); 'hangar drone create"
              + " NAME' on the server prints the token");
    }
    if (heartbeat.isZero()
        || heartbeat.toMillis() > hangar.drone.WorkerFrame.Hello.MAX_HEARTBEAT_MILLIS) {
      throw new ParameterException(
          spec.commandLine(), "--heartbeat must be from 1 second to 86400 seconds (one day)");
    }
    String fromEnvironment = System.getenv(ClientTls.CA_FILE_VARIABLE);
    Path ca =
        caFile != null
            ? caFile
            : fromEnvironment == null || fromEnvironment.isBlank()
                ? null
                : Path.of(fromEnvironment.strip());
    ClientTls tls =
        ClientTls.create(
            ca, caFile != null ? "--ca-file" : ClientTls.CA_FILE_VARIABLE, "--ca-file FILE");
    LocalDrone drone = LocalDrone.create(dir, config);
    new hangar.drone.WorkerClient(master, name, secret, drone, heartbeat, tls).run();
    return 0;
  }

  private int relay() {
    // Standard output carries the protocol alone: anything else printing there goes to stderr.
    java.io.PrintStream protocol = System.out;
    System.setOut(System.err);
    LocalDrone drone = LocalDrone.create(dir, config);
    try {
      drone.relay(System.in, protocol);
    } catch (java.io.IOException e) {
      // The scheduler's end of the channel went away; the daemon and its sessions run on.
      log().info("relay to drone {} ended: {}", drone.droneDir(), e.toString());
    }
    return 0;
  }

  private int stop() {
    PrintWriter out = spec.commandLine().getOut();
    LocalDrone drone = LocalDrone.attach(dir);
    try {
      drone.ping();
    } catch (DroneUnreachableException e) {
      out.println("no drone runs in " + drone.droneDir());
      return 0;
    }
    drone.shutdown();
    out.println("drone in " + drone.droneDir() + " stopped");
    return 0;
  }

  private int status() {
    PrintWriter out = spec.commandLine().getOut();
    LocalDrone drone = LocalDrone.attach(dir);
    DroneInfo info = drone.ping();
    out.printf(
        "drone %s: pid %d, hangar %s, protocol %d%n",
        drone.droneDir(), info.pid(), info.version(), info.protocol());
    out.printf("%-24s %-8s %-30s %-30s %s%n", "SESSION", "STATUS", "STARTED", "FINISHED", "REASON");
    for (SessionState s : drone.sessions()) {
      out.printf(
          "%-24s %-8s %-30s %-30s %s%n",
          s.sessionId(),
          s.running() ? "RUNNING" : s.outcome().verdict(),
          s.startedOn(),
          s.finishedOn() == null ? "" : s.finishedOn(),
          s.running() ? "" : s.outcome().reason());
    }
    return 0;
  }

  /** {@code hangar drone create NAME}: a dial-in worker, and its token, shown once. */
  @Command(
      name = "create",
      description = {
        "Create a worker that dials this server, and print its token (shown only now; the server"
            + " keeps its SHA-256). Start it on its machine with 'hangar drone --dir DIR --master"
            + " URL --name NAME --token TOKEN'. Needs the admin token."
      })
  static final class CreateWorker extends ApiAction {
    @picocli.CommandLine.Parameters(
        paramLabel = "NAME",
        converter = Converters.DroneName.class,
        description = "The worker's name.")
    String workerName;

    @Mixin JsonOption output;

    @Override
    protected int execute(ApiClient client) {
      com.fasterxml.jackson.databind.JsonNode created =
          client.post(ListDrones.DRONES, ApiClient.JSON.createObjectNode().put("name", workerName));
      if (output.json) {
        out().println(created.toString());
      } else {
        out().println("worker " + workerName + " created; its token (shown only now):");
        out().println(Nodes.text(created, "token"));
      }
      return OK;
    }
  }

  /** {@code hangar drone mod NAME --disable/--enable}: drains a drone or returns it. */
  @Command(
      name = "mod",
      description = {
        "Drain a drone (--disable: it finishes what it runs and takes no new sessions) or return"
            + " it to work (--enable). Needs the admin token."
      })
  static final class ModDrone extends ApiAction {
    @picocli.CommandLine.Parameters(paramLabel = "NAME", description = "The drone's name.")
    String droneName;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Switch change;

    static final class Switch {
      @Option(names = "--disable", description = "Take no new sessions.")
      boolean disable;

      @Option(names = "--enable", description = "Take new sessions again.")
      boolean enable;
    }

    @Override
    protected int execute(ApiClient client) {
      com.fasterxml.jackson.databind.JsonNode drone =
          client.patch(
              ListDrones.DRONES + "/" + droneName,
              ApiClient.JSON.createObjectNode().put("enabled", change.enable));
      out().println("drone " + droneName + ": " + Nodes.text(drone, "state"));
      return OK;
    }
  }

  /** {@code hangar drone list}: the server's drones, whether they answer, and their slots. */
  @Command(
      name = "list",
      description =
          "List the server's drones: kind, online or offline, sessions running, capacity"
              + " (max_processes_per_drone), free slots, version and last heartbeat.")
  static final class ListDrones extends ApiAction {
    static final String DRONES = "/api/v1/drones";

    @Mixin JsonOption output;

    @Override
    protected int execute(ApiClient client) {
      return printRows(
          output,
          client.get(DRONES),
          "No drones.",
          Table.withHeaders(
              "Drone", "Kind", "State", "Running", "Capacity", "Free", "Version", "Last heartbeat"),
          (table, drone) ->
              table.add(
                  Nodes.text(drone, "name"),
                  Nodes.text(drone, "kind"),
                  Nodes.text(drone, "state"),
                  Nodes.text(drone, "running"),
                  Nodes.text(drone, "capacity"),
                  Nodes.text(drone, "free"),
                  Nodes.text(drone, "version"),
                  Nodes.text(drone, "last_heartbeat")));
    }
  }
}
