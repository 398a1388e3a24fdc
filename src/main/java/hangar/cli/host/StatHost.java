package hangar.cli.host;

import hangar.cli.ApiAction;
import hangar.cli.ApiClient;
import hangar.cli.JsonOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code hangar host stat}: one host in detail, as {@link HostView#printDetail} words it. */
@Command(
    name = "stat",
    description = "Show one host in detail with its most recent queue entries and special tasks.")
final class StatHost extends ApiAction {
  @Mixin JsonOption output;

  @Parameters(paramLabel = "NAME", description = "The host's name.")
  String hostname;

  @Override
  protected int execute(ApiClient client) {
    return printAnswer(
        output,
        client.get(HostCommand.hostPath(hostname)),
        host -> HostView.printDetail(out(), host));
  }
}
