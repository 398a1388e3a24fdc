package hangar.autoserv.interpreter;

import groovy.lang.Closure;
import java.util.List;

/**
 * {@code parallel_simple(closure, machines)} of a server-side control file, after Autotest's
 * function of that name: the drone calls the closure with each machine at the same time, each in a
 * branch whose tests run on that machine, and returns when all have ended. It is a closure bound in
 * the script's variables, so the control file calls it like a function.
 */
final class ScriptParallelSimple extends Closure<Void> {
  private static final long serialVersionUID = 1L;

  private final transient Channel channel;

  ScriptParallelSimple(Channel channel) {
    super(null);
    this.channel = channel;
  }

  /** Called by Groovy for {@code parallel_simple(body, machines)}. */
  public Void doCall(Closure<?> body, List<?> machines) {
    channel.call("parallel_simple", "call", channel.register(body), machines);
    return null;
  }

  @Override
  public String toString() {
    return "parallel_simple of session " + channel.session();
  }
}
