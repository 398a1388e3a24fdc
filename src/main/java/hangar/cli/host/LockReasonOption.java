package hangar.cli.host;

import picocli.CommandLine.Option;

/** The {@code -r/--lock-reason} option of {@code create} and {@code mod}, as a picocli mixin. */
final class LockReasonOption {
  /** The usage error for a reason given without {@code --lock}. */
  static final String NEEDS_LOCK = "--lock-reason needs --lock";

  @Option(
      names = {"-r", "--lock-reason"},
      paramLabel = "REASON",
      description = "Why it is locked (with --lock).")
  String reason;
}
