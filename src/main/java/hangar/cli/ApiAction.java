package hangar.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * One action of a topic ({@code hangar host list}): it gets an {@link ApiClient} for the chosen
 * server, and expected failures ({@link CliException}) become one line on stderr and exit status 1
 * instead of a stack trace.
 */
public abstract class ApiAction implements Callable<Integer> {
  /** Exit status of an action that did what was asked. */
  protected static final int OK = 0;

  @Spec CommandSpec spec;

  @Mixin ApiOptions api;

  @Mixin HelpOption help;

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
  protected abstract int execute(ApiClient client);

  /** Where results go. */
  protected final PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Where errors and progress notes go. */
  protected final PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** A usage error: picocli prints it with the usage help and the command exits with 2. */
  protected final ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** Prints JSON as the server sent it, indented. */
  protected final void printJson(JsonNode node) {
    try {
      out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree failed to print; this is a bug", e);
    }
  }

  /**
   * Prints the server's answer as JSON with {@code --json}, and otherwise as {@code asText} words
   * it.
   *
   * @return {@link #OK}
   */
  protected final int printAnswer(JsonOption output, JsonNode answer, Consumer<JsonNode> asText) {
    if (output.json) {
      printJson(answer);
    } else {
      asText.accept(answer);
    }
    return OK;
  }

  /**
   * Prints a list the server sent as JSON with {@code --json}; otherwise as {@code table}, a row
   * per item added by {@code addRow}, or the line {@code none} when the list is empty.
   *
   * @return {@link #OK}
   */
  protected final int printRows(
      JsonOption output,
      JsonNode items,
      String none,
      Table table,
      BiConsumer<Table, JsonNode> addRow) {
    return printAnswer(
        output,
        items,
        list -> {
          if (list.isEmpty()) {
            out().println(none);
            return;
          }
          list.forEach(item -> addRow.accept(table, item));
          table.print(out());
        });
  }

  /**
   * Checks a count option that may be left out.
   *
   * @throws ParameterException when it was given and is below 1
   */
  protected final void checkPositive(String option, Integer value) {
    if (value != null && value < 1) {
      throw usage(option + " must be at least 1, was " + value);
    }
  }
}
