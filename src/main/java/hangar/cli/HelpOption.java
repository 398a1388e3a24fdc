package hangar.cli;

import picocli.CommandLine.Option;

/** The {@code -h, --help} switch of every topic and action, as a picocli mixin. */
final class HelpOption {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;
}
