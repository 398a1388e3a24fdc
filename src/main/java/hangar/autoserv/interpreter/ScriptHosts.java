package hangar.autoserv.interpreter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code hosts} of a server-side control file: {@code hosts.create(name)} has the drone connect to
 * one of the job's machines once and hands out the same host after that.
 */
public final class ScriptHosts {
  private final Channel channel;
  private final Map<String, ScriptHost> created = new ConcurrentHashMap<>();

  ScriptHosts(Channel channel) {
    this.channel = channel;
  }

  /**
   * The host of one of the job's machines, connected on first use.
   *
   * @throws CallFailedException for a machine the job does not have, or one that cannot be reached
   */
  public ScriptHost create(String machine) {
    ScriptHost known = created.get(machine);
    if (known != null) {
      return known;
    }
    Map<?, ?> made = (Map<?, ?>) channel.call("hosts", "create", machine);
    ScriptHost host =
        new ScriptHost(
            channel, String.valueOf(made.get("machine")), String.valueOf(made.get("hostname")));
    ScriptHost first = created.putIfAbsent(host.getMachine(), host);
    return first == null ? host : first;
  }

  @Override
  public String toString() {
    return "hosts";
  }
}
