package hangar;

import hangar.cli.AclCommand;
import hangar.cli.AtomicGroupCommand;
import hangar.cli.DroneCommand;
import hangar.cli.JobCommand;
import hangar.cli.LabelCommand;
import hangar.cli.LoginCommand;
import hangar.cli.LogoutCommand;
import hangar.cli.ResultsCommand;
import hangar.cli.RunCommand;
import hangar.cli.SchedulerCommand;
import hangar.cli.ServerCommand;
import hangar.cli.TokenCommand;
import hangar.cli.UserCommand;
import hangar.cli.host.HostCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/hangar}: one launcher, one subcommand per role or CLI topic. */
@Command(
    name = "hangar",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Hangar, a distributed test lab: hosts, jobs, scheduler, drones and results.")
public final class Main implements Runnable {
  /**
   * The subcommands by name, in the order {@code hangar --help} lists them. Each is a class
   * annotated with its own {@code @Command(name = ...)}, which {@code MainTest} checks against this
   * name.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs {@code hangar ARGS...} and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine(args).execute(args));
  }

  /** The whole command line, for tests that run the CLI in-process. */
  public static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line that runs {@code args}: when they start with a subcommand, only that one is
   * built (building the model of every topic's every action costs a CLI command a fifth of a
   * second); none for the version; otherwise, for help or a misspelt name, all of them.
   */
  public static CommandLine commandLine(String[] args) {
    // picocli looks for Groovy closures in annotations, which loads a few hundred Groovy classes
    // into every command (Groovy is on the class path for control files); Hangar has none.
    System.setProperty("picocli.disable.closures", "true");
    CommandLine main = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    Class<?> only = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
    if (only != null && only != CommandLine.HelpCommand.class) {
      main.addSubcommand(only);
    } else if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return main; // the version names no subcommand
    } else {
      SUBCOMMANDS.values().forEach(main::addSubcommand);
    }
    // addSubcommand does not pass on settings made before it; set them again over the tree.
    return main.setCaseInsensitiveEnumValuesAllowed(true);
  }

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> all = new LinkedHashMap<>();
    all.put("server", ServerCommand.class);
    all.put("scheduler", SchedulerCommand.class);
    all.put("run", RunCommand.class);
    all.put("drone", DroneCommand.class);
    all.put("host", HostCommand.class);
    all.put("label", LabelCommand.class);
    all.put("atomicgroup", AtomicGroupCommand.class);
    all.put("job", JobCommand.class);
    all.put("user", UserCommand.class);
    all.put("acl", AclCommand.class);
    all.put("token", TokenCommand.class);
    all.put("results", ResultsCommand.class);
    all.put("login", LoginCommand.class);
    all.put("logout", LogoutCommand.class);
    all.put("help", CommandLine.HelpCommand.class);
    return java.util.Collections.unmodifiableMap(all);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code hangar --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"hangar " + Versions.current()};
    }
  }
}
