package hangar.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * One action of a topic ({@code hangar host list}): it gets an {@link ApiClient} for the chosen
 * server, and expected failures ({@link CliException}) become one line on stderr and exit status 1
 * instead of a stack trace.
 */
abstract class ApiAction implements Callable<Integer> {
  /** Exit status of an action that did what was asked. */
  static final int OK = 0;

  @Spec CommandSpec spec;

  @Mixin ApiOptions api;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Override
  public final Integer call() {
    try {
      return execute(api.client());
    } catch (CliException e) {
      err().println(e.getMessage());
      return e.exitCode();
    } finally {
      out().flush();
      err().flush();
    }
  }

  /**
   * Does the action.
   *
   * @return the exit status
   * @throws CliException for failures the user can act on
   * @throws ParameterException for arguments that do not fit together
   */
  abstract int execute(ApiClient client);

  /** Where results go. */
  final PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Where errors and progress notes go. */
  final PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** A usage error: picocli prints it with the usage help and the command exits with 2. */
  final ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** Prints JSON as the server sent it, indented. */
  final void printJson(JsonNode node) {
    try {
      out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree failed to print; this is a bug", e);
    }
  }
}
