package hangar.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A CLI topic such as {@code hangar host}: it only groups actions, so running it without one is a
 * usage error that names them in the order its {@code subcommands} list gives.
 */
public abstract class Topic implements Runnable {
  @Spec CommandSpec spec;

  @Mixin HelpOption help;

  @Override
  public final void run() {
    throw new ParameterException(spec.commandLine(), "choose an action: " + actions());
  }

  private String actions() {
    List<String> names = new ArrayList<>(spec.subcommands().keySet());
    String last = names.removeLast();
    return names.isEmpty() ? last : String.join(", ", names) + " or " + last;
  }
}
