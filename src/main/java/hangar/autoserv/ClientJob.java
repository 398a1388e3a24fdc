package hangar.autoserv;

import groovy.lang.Closure;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code job} a control file sees, after Autotest's client and server jobs:
 *
 * <pre>{@code
 * job.run_test('sleeptest', seconds: 1)
 * job.run_test('dbench', seconds: 30, iterations: 3, tag: 'long')
 * job.parallel({ job.run_test('fio') }, { job.run_test('stress-ng') })
 * job.record('INFO', null, 'note', 'firmware 1.2 flashed')
 * job.write_perf_keyval(boot_seconds: 12.5)
 * job.reboot()
 * job.sysinfo.add_command('lsblk')
 * }</pre>
 *
 * <p>Groovy passes named arguments as a leading {@link Map}, so {@code run_test('x', a: 1)} lands
 * in {@link #run_test(Map, String, Object...)} and {@code run_test('x', 1)} in {@link
 * #run_test(String, Object...)}. Method names keep Autotest's spelling so control files read the
 * same. Inside a {@code job.parallel} or {@code parallel_simple} branch, every call goes to that
 * branch. A server-side control file also has {@code job.barrier} and passes {@code host: h} to
 * {@code run_test}.
 */
public final class ClientJob {
  private final Session main;
  private final ThreadLocal<Session> branch = new ThreadLocal<>();

  ClientJob(Session main) {
    this.main = main;
  }

  Session session() {
    Session current = branch.get();
    return current == null ? main : current;
  }

  void enter(Session session) {
    branch.set(session);
  }

  void leave() {
    branch.remove();
  }

  /**
   * Runs a test with positional arguments only.
   *
   * @param name the test, for example {@code sleeptest}
   * @param positional its arguments in order
   * @return true when the test passed (GOOD); a failure is recorded in the status log, not thrown
   */
  public boolean run_test(String name, Object... positional) {
    return session().runTest(name, Map.of(), Arrays.asList(positional));
  }

  /**
   * Runs a test with named arguments (and optionally positional ones). Three named arguments work
   * for every test: {@code tag} runs it in subdir {@code <name>.<tag>}, so a test can run twice in
   * one job; {@code iterations} runs it that many times, one keyval block each; {@code install:
   * true} installs a missing tool with the host's package manager instead of ending TEST_NA.
   *
   * @param named the named arguments
   * @param name the test
   * @param positional its positional arguments
   * @return true when the test passed (GOOD)
   */
  public boolean run_test(Map<String, Object> named, String name, Object... positional) {
    return session().runTest(name, named, Arrays.asList(positional));
  }

  /**
   * Runs the closures at the same time, each against the host, and returns when all have ended.
   * Their tests must have different subdirs (use {@code tag}).
   */
  public void parallel(Closure<?>... branches) {
    session().parallel(this, List.of(branches));
  }

  /** Writes a status line: {@code job.record('WARN', 'subdir', 'operation', 'reason')}. */
  public void record(String status, String subdir, String operation, String reason) {
    session().record(status, subdir, operation, reason);
  }

  /** {@code job.record(status, subdir, operation)} with no reason. */
  public void record(String status, String subdir, String operation) {
    session().record(status, subdir, operation, "");
  }

  /**
   * Records measurements of the whole job in the job's {@code keyval}, each as {@code
   * name{perf}=value}.
   */
  public void write_perf_keyval(Map<String, Object> values) {
    session().writePerfKeyval(values);
  }

  /** Reboots the host with {@code reboot} and waits up to 10 minutes for it. */
  public boolean reboot() {
    return session().reboot("reboot", Reboots.DEFAULT_TIMEOUT);
  }

  /**
   * Reboots the host with {@code command:} (default {@code reboot}) and waits up to {@code
   * timeout:} seconds (default 600) for it to come back.
   */
  public boolean reboot(Map<String, Object> options) {
    for (String key : options.keySet()) {
      if (!key.equals("command") && !key.equals("timeout")) {
        throw new IllegalArgumentException(
            "job.reboot has no option '" + key + "'; it takes command and timeout");
      }
    }
    Object command = options.getOrDefault("command", "reboot");
    Object timeout = options.get("timeout");
    if (timeout != null && !(timeout instanceof Number seconds && seconds.doubleValue() > 0)) {
      throw new IllegalArgumentException(
          "job.reboot timeout must be a number of seconds, was " + timeout);
    }
    return session()
        .reboot(
            String.valueOf(command),
            timeout == null
                ? Reboots.DEFAULT_TIMEOUT
                : Duration.ofMillis(Math.round(((Number) timeout).doubleValue() * 1000)));
  }

  /**
   * Server-side only: holds this machine's branch of a {@code parallel_simple} until every machine
   * of it has called {@code job.barrier} with the same name, or fails after {@code timeout}
   * seconds.
   */
  public void barrier(String name, Number timeout) throws InterruptedException {
    if (timeout == null || !(timeout.doubleValue() > 0)) {
      throw new IllegalArgumentException("job.barrier timeout must be seconds, was " + timeout);
    }
    session().barrier(name, Duration.ofMillis(Math.round(timeout.doubleValue() * 1000)));
  }

  /** {@code job.sysinfo}: add commands and files to what is gathered from the host. */
  public Sysinfo getSysinfo() {
    return session().sysinfo();
  }

  @Override
  public String toString() {
    return "job " + main.jobLabel();
  }
}
