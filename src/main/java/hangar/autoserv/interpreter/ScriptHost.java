package hangar.autoserv.interpreter;

import java.util.Map;

/**
 * A machine of a server-side control file, from {@code hosts.create(name)}: it runs commands
 * ({@code h.run('uname -r')}), reboots ({@code h.reboot()}), and is passed to tests ({@code
 * job.run_test('sleeptest', host: h)}). The drone holds the connection; this is its name.
 */
public final class ScriptHost {
  private final Channel channel;
  private final String machine;
  private final String hostname;

  ScriptHost(Channel channel, String machine, String hostname) {
    this.channel = channel;
    this.machine = machine;
    this.hostname = hostname;
  }

  /** The machine as the job names it: {@code [user@]host[:port]}. */
  public String getMachine() {
    return machine;
  }

  /** The host's name, without user and port. */
  public String getHostname() {
    return hostname;
  }

  /**
   * Runs a shell command on the host and returns its output; a non-zero exit status is an error
   * unless {@code ignore_status: true}. Output is kept in {@code debug/<host>.run.N.stdout}.
   */
  public CommandOutput run(String command) {
    return run(Map.of(), command);
  }

  /** {@code h.run(command, timeout: 60, ignore_status: true)}. */
  public CommandOutput run(Map<String, Object> options, String command) {
    Map<?, ?> out = (Map<?, ?>) channel.call("host", "run", machine, options, command);
    return new CommandOutput(
        String.valueOf(out.get("stdout")),
        String.valueOf(out.get("stderr")),
        ((Number) out.get("exit_status")).intValue());
  }

  /** Reboots the host with {@code reboot} and waits for it, as {@code job.reboot()} does. */
  public boolean reboot() {
    return Boolean.TRUE.equals(channel.call("host", "reboot", machine));
  }

  @Override
  public String toString() {
    return machine;
  }

  /**
   * What {@link #run} gives back, with Autotest's field names.
   *
   * @param stdout the standard output
   * @param stderr the standard error
   * @param exit_status the exit status
   */
  @SuppressWarnings("MemberName") // Autotest's name, as control files read it.
  public record CommandOutput(String stdout, String stderr, int exit_status) {}
}
