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
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/hangar}: one launcher, one subcommand per role or CLI topic. */
@Command(
    name = "hangar",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Hangar, a distributed test lab: hosts, jobs, scheduler, drones and results.",
    subcommands = {
      ServerCommand.class,
      SchedulerCommand.class,
      RunCommand.class,
      DroneCommand.class,
      HostCommand.class,
      LabelCommand.class,
      AtomicGroupCommand.class,
      JobCommand.class,
      UserCommand.class,
      AclCommand.class,
      TokenCommand.class,
      ResultsCommand.class,
      LoginCommand.class,
      LogoutCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs {@code hangar ARGS...} and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for the launcher and for tests that run the CLI in-process. */
  public static CommandLine commandLine() {
    // picocli looks for Groovy closures in annotations, which loads a few hundred Groovy classes
    // into every command (Groovy is on the class path for control files); Hangar has none.
    System.setProperty("picocli.disable.closures", "true");
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
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
