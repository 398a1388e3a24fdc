package hangar.autoserv;

import groovy.lang.Closure;
import java.util.List;

/**
 * {@code parallel_simple(closure, machines)} of a server-side control file, after Autotest's
 * function of that name: calls the closure with each machine at the same time and returns when all
 * calls have ended. It is a closure bound in the script's variables, so the control file calls it
 * like a function.
 */
final class ParallelSimple extends Closure<Void> {
  private static final long serialVersionUID = 1L;

  private final transient Session session;
  private final transient ClientJob job;

  ParallelSimple(Session session, ClientJob job) {
    super(null);
    this.session = session;
    this.job = job;
  }

  /** Called by Groovy for {@code parallel_simple(body, machines)}. */
  public Void doCall(Closure<?> body, List<?> machines) throws InterruptedException {
    job.session().parallelSimple(job, body, machines);
    return null;
  }

  @Override
  public String toString() {
    return "parallel_simple of " + session.jobLabel();
  }
}
