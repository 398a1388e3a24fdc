package hangar.cli;

import picocli.CommandLine.Option;

/** The {@code --json} switch of list, stat, create and mod actions, as a picocli mixin. */
public final class JsonOption {
  @Option(
      names = "--json",
      description = "Print the server's JSON answer (pretty) instead of a table.")
  boolean json;
}
