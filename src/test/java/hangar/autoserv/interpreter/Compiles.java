package hangar.autoserv.interpreter;

import java.util.List;
import java.util.Map;

/** Compiles a control file as a session would, with DSL objects that reach no drone. */
final class Compiles {
  private Compiles() {}

  /** The file compiled as a client or a server-side control file over {@code localhost}. */
  static ControlFile compile(String text, boolean server) {
    ScriptJob job = new ScriptJob(null);
    if (!server) {
      return ControlFile.compile(text, job);
    }
    return ControlFile.compileServer(
        text,
        Map.of(
            "job",
            job,
            "machines",
            List.of("localhost"),
            "hosts",
            new ScriptHosts(null),
            "parallel_simple",
            new ScriptParallelSimple(null)));
  }
}
