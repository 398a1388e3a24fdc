package hangar.autoserv.interpreter;

/**
 * {@code job.sysinfo} of a control file: adds commands and files to what the drone gathers from the
 * host at each boot, after each test and at the end.
 */
public final class ScriptSysinfo {
  private final Channel channel;

  ScriptSysinfo(Channel channel) {
    this.channel = channel;
  }

  /** {@code job.sysinfo.add_command(command)}: its output lands in a file named after it. */
  public void add_command(String command) {
    channel.call("sysinfo", "add_command", command);
  }

  /** {@code job.sysinfo.add_command(command, file)}: its output lands in {@code file}. */
  public void add_command(String command, String file) {
    channel.call("sysinfo", "add_command", command, file);
  }

  /** {@code job.sysinfo.add_logfile(path)}: a copy of the host's file, named after it. */
  public void add_logfile(String path) {
    channel.call("sysinfo", "add_logfile", path);
  }

  /** {@code job.sysinfo.add_logfile(path, file)}: a copy of the host's file named {@code file}. */
  public void add_logfile(String path, String file) {
    channel.call("sysinfo", "add_logfile", path, file);
  }

  @Override
  public String toString() {
    return "job.sysinfo";
  }
}
