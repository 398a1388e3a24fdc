package hangar.cli.host;

import hangar.cli.ApiClient;
import hangar.cli.Topic;
import picocli.CommandLine.Command;

/** {@code hangar host}: create, list, inspect, lock and delete the machines under test. */
@Command(
    name = "host",
    description =
        "Manage the machines under test: create, list, stat, mod, reverify and delete hosts.",
    subcommands = {
      CreateHost.class,
      ListHosts.class,
      StatHost.class,
      ModHost.class,
      ReverifyHost.class,
      PowerHost.class,
      DeleteHost.class
    })
public final class HostCommand extends Topic {
  static final String HOSTS = "/api/v1/hosts";

  static String hostPath(String hostname) {
    return HOSTS + "/" + ApiClient.segment(hostname);
  }
}
