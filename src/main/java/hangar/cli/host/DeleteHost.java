package hangar.cli.host;

import hangar.cli.ApiAction;
import hangar.cli.ApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hangar host delete}: deletes a host, with {@code --force} even one that jobs use. */
@Command(
    name = "delete",
    description = "Delete a host that no unfinished job uses, or with --force any host.")
final class DeleteHost extends ApiAction {
  @Parameters(paramLabel = "NAME", description = "The host's name.")
  String hostname;

  @Option(
      names = "--force",
      description =
          "Delete it even if unfinished jobs use it: their queued entries on it fail with"
              + " 'host deleted' and their running ones are aborted.")
  boolean force;

  @Override
  protected int execute(ApiClient client) {
    client.delete(HostCommand.hostPath(hostname) + (force ? "?force=true" : ""));
    out().println("Deleted host " + hostname);
    return OK;
  }
}
