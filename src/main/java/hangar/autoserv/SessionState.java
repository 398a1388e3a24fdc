package hangar.autoserv;

import hangar.host.TestHost;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/** What a session and its parallel branches share: the job, its logs and hosts, and its flags. */
final class SessionState {
  private final SessionSpec spec;
  private final DebugLog debug;
  private final Sysinfo sysinfo;

  /** The job's machines in a server-side session; null in a client-side one. */
  private final ServerHosts hosts;

  private final AtomicBoolean aborted = new AtomicBoolean();
  private final AtomicBoolean hostFailed = new AtomicBoolean();

  SessionState(SessionSpec spec, DebugLog debug, Sysinfo sysinfo, ServerHosts hosts) {
    this.spec = spec;
    this.debug = debug;
    this.sysinfo = sysinfo;
    this.hosts = hosts;
  }

  SessionSpec spec() {
    return spec;
  }

  DebugLog debug() {
    return debug;
  }

  Sysinfo sysinfo() {
    return sysinfo;
  }

  /** The job's machines; null unless {@link #isServerSide()}. */
  ServerHosts hosts() {
    return hosts;
  }

  boolean isServerSide() {
    return hosts != null;
  }

  Path debugDir() {
    return spec.resultsDir().resolve("debug");
  }

  /**
   * Where a server-side session keeps one machine's results: {@code <results>/<host>}, with {@code
   * _<port>} when the machine names a port other than 22.
   */
  Path hostDir(TestHost machine) {
    return spec.resultsDir().resolve(hosts.dirName(machine));
  }

  /** Marks the session aborted: no more tests run, and the verdict is ABORT. */
  void markAborted() {
    aborted.set(true);
  }

  /** Whether the session was aborted; does not look at the thread's interrupt. */
  boolean isAborted() {
    return aborted.get();
  }

  /**
   * Whether the session was aborted or this thread was interrupted; an interrupt is consumed and
   * marks the session aborted.
   */
  boolean abortedOrInterrupted() {
    if (aborted.get() || Thread.interrupted()) {
      aborted.set(true);
      return true;
    }
    return false;
  }

  /**
   * Throws when the session was aborted (or this thread interrupted), before the next call of the
   * control file starts anything.
   *
   * @throws SessionAbortedException if it was
   */
  void checkNotAborted() {
    if (abortedOrInterrupted()) {
      throw new SessionAbortedException(Session.ABORT_REASON + "; no more tests run");
    }
  }

  /** Marks the host failed (a dropped connection, a failed copy): the scheduler verifies it. */
  void markHostFailed() {
    hostFailed.set(true);
  }

  boolean hostFailed() {
    return hostFailed.get();
  }

  /** {@code hosts.create(machine)}, with an interrupt turned into the session's abort. */
  ServerHost createHost(String machine) {
    try {
      return hosts.create(machine);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SessionAbortedException(Session.ABORT_REASON + " while connecting to " + machine);
    }
  }
}
