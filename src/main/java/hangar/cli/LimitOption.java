package hangar.cli;

import picocli.CommandLine.Option;

/**
 * The {@code -n/--limit} option of list actions that show the whole list by default, read from the
 * server page by page ({@code docs/api.md}, paging).
 */
public final class LimitOption {
  @Option(
      names = {"-n", "--limit"},
      paramLabel = "N",
      description = "Show at most N (default: all, read from the server page by page).")
  Integer limit;

  /** The limit as given, or null when it was left out. */
  public Integer given() {
    return limit;
  }

  /** The most items to show. */
  public int max() {
    return limit == null ? Integer.MAX_VALUE : limit;
  }
}
