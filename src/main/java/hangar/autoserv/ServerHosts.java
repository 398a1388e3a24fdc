package hangar.autoserv;

import hangar.host.HostAddress;
import hangar.host.TestHost;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * {@code hosts} of a server-side control file: {@code hosts.create(name)} connects to one of the
 * job's machines once and hands out the same host after that. Closing it closes every connection.
 */
public final class ServerHosts implements AutoCloseable {
  private final List<String> machines;
  private final Function<String, TestHost> opener;
  private final Path debugDir;
  private final Map<String, ServerHost> open = new ConcurrentHashMap<>();
  private final List<ServerHost> order = new CopyOnWriteArrayList<>();
  private Session session;

  ServerHosts(List<String> machines, Function<String, TestHost> opener, Path debugDir) {
    this.machines = List.copyOf(machines);
    this.opener = opener;
    this.debugDir = debugDir;
  }

  void attach(Session owner) {
    this.session = owner;
  }

  /**
   * The host of one of the job's machines, connected on first use.
   *
   * @throws IllegalArgumentException for a machine the job does not have
   */
  public ServerHost create(String machine) throws InterruptedException {
    if (!machines.contains(machine)) {
      throw new IllegalArgumentException(
          "hosts.create('" + machine + "'): not a machine of this job; it has " + machines);
    }
    boolean[] connected = new boolean[1];
    // Connects under the map's lock for this machine only: other machines connect side by side.
    ServerHost host =
        open.computeIfAbsent(
            machine,
            m -> {
              connected[0] = true;
              return new ServerHost(m, opener.apply(m), debugDir);
            });
    if (connected[0]) {
      order.add(host);
      session.hostOpened(host);
    }
    return host;
  }

  /**
   * The folder name of a connected machine's results: its host, with {@code _<port>} when the
   * machine names a port other than 22, so two machines on one address stay apart.
   */
  String dirName(TestHost host) {
    for (ServerHost machine : order) {
      if (machine.host() == host) {
        return dirNameOf(machine.getMachine());
      }
    }
    throw new IllegalArgumentException(host.hostname() + " was not opened by hosts.create; a bug");
  }

  /** The folder name of a machine {@code [user@]host[:port]}, as {@link #dirName}. */
  public static String dirNameOf(String machine) {
    HostAddress address = HostAddress.parse(machine, "root");
    String name = address.port() == 22 ? address.host() : address.host() + "_" + address.port();
    return name.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  /** The hosts connected so far, in the order they were. */
  List<ServerHost> opened() {
    return List.copyOf(order);
  }

  @Override
  public void close() {
    order.forEach(host -> host.host().close());
    order.clear();
    open.clear();
  }
}
