package hangar.autoserv.interpreter;

import hangar.autoserv.sandbox.Dsl;
import hangar.autoserv.sandbox.DslObject;
import java.util.Map;
import java.util.Set;

/**
 * The DSLs the sandbox ({@link hangar.autoserv.sandbox.Sandbox}) keeps control files to. A client
 * control file sees {@code job}; a server-side one also {@code machines}, {@code hosts} and {@code
 * parallel_simple}, and may call the methods of the hosts ({@link ScriptHost}) and command outputs
 * ({@link ScriptHost.CommandOutput}) they give it. Everything else is the file's own values, or
 * refused.
 */
final class ControlFileSandbox {
  /** The methods of {@code job} in a client control file. */
  static final Set<String> JOB_METHODS =
      Set.of("run_test", "parallel", "record", "reboot", "write_perf_keyval");

  /** The methods of {@code job.sysinfo}. */
  static final Set<String> SYSINFO_METHODS = Set.of("add_command", "add_logfile");

  private static final DslObject SYSINFO = DslObject.of(SYSINFO_METHODS);

  /** What a client control file reaches. */
  static final Dsl CLIENT =
      new Dsl(
          Map.of("job", new DslObject(JOB_METHODS, Map.of("sysinfo", SYSINFO))),
          Set.of(),
          Set.of(),
          Map.of(),
          Map.of());

  /** What a server-side control file reaches. */
  static final Dsl SERVER =
      new Dsl(
          Map.of(
              "job",
              new DslObject(
                  Set.of(
                      "run_test", "parallel", "record", "reboot", "write_perf_keyval", "barrier"),
                  Map.of("sysinfo", SYSINFO)),
              "hosts",
              DslObject.of(Set.of("create"))),
          Set.of("machines"),
          Set.of("parallel_simple"),
          Map.of(
              ScriptHost.class,
              Set.of("run", "reboot", "getMachine", "getHostname"),
              ScriptHost.CommandOutput.class,
              Set.of("stdout", "stderr", "exit_status")),
          Map.of(
              ScriptHost.class,
              Set.of("machine", "hostname"),
              ScriptHost.CommandOutput.class,
              Set.of("stdout", "stderr", "exit_status")));

  private ControlFileSandbox() {}
}
