package hangar.cli;

import hangar.HangarException;
import hangar.config.GlobalConfig;
import hangar.server.ServerRole;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hangar server}: the all-in-one server, in the foreground until stopped. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Hangar server: the REST API (/api/v1), result files (/results), the scheduler"
          + " and the localhost drone, on the database the config names (H2 in the data"
          + " directory by default).",
      "At first start it writes the admin token to DATA/admin.token; the CLI finds it there"
          + " when run from the same directory. Stop it with Ctrl-C: running sessions go on in"
          + " the drone and are picked up at the next start."
    })
public final class ServerCommand implements java.util.concurrent.Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "P",
      description = "TCP port to listen on (default: ${DEFAULT-VALUE}).")
  int port = ServerRole.DEFAULT_PORT;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description =
          "Address to listen on (default: [SERVER] bind_address of the config, else 0.0.0.0,"
              + " every interface).")
  String bind;

  @Mixin RoleOptions role;

  @Option(
      names = "--no-scheduler",
      description =
          "Run the frontend only (API and result files), for labs whose scheduling is done by"
              + " 'hangar scheduler' processes.")
  boolean noScheduler;

  @Override
  public Integer call() throws InterruptedException {
    ServerRole server;
    String address;
    String scheme;
    try {
      GlobalConfig settings = role.load(spec.commandLine().getErr());
      address = bind != null ? bind : settings.server().bindAddress();
      scheme = settings.server().isTls() ? "https" : "http";
      server =
          ServerRole.start(settings, role.data, address, port, !noScheduler, Clock.systemUTC());
    } catch (HangarException | java.io.UncheckedIOException e) {
      spec.commandLine().getErr().println("hangar server: " + e.getMessage());
      return 1;
    }
    var out = spec.commandLine().getOut();
    out.println(
        "Hangar server listening on "
            + scheme
            + "://"
            + urlHost(address)
            + ":"
            + server.port()
            + " (data "
            + role.data.toAbsolutePath().normalize()
            + ")");
    out.println(
        "Admin token: " + role.data.resolve("admin.token") + "; results: " + server.resultsDir());
    out.flush();
    RoleOptions.runUntilStopped(server::close);
    return 0;
  }

  /** How a URL names the bound address: every interface includes this machine's loopback. */
  private static String urlHost(String address) {
    if (address.equals("0.0.0.0") || address.equals("::")) {
      return "localhost";
    }
    return address.contains(":") ? "[" + address + "]" : address;
  }
}
