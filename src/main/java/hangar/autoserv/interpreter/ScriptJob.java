package hangar.autoserv.interpreter;

import groovy.lang.Closure;
import java.util.ArrayList;
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
 * same. Every call goes to the drone, which checks it and carries it out; inside a {@code
 * job.parallel} or {@code parallel_simple} branch, it goes to that branch. A server-side control
 * file also has {@code job.barrier} and passes {@code host: h} to {@code run_test}.
 */
public final class ScriptJob {
  private final Channel channel;
  private final ScriptSysinfo sysinfo;

  ScriptJob(Channel channel) {
    this.channel = channel;
    this.sysinfo = new ScriptSysinfo(channel);
  }

  /**
   * Runs a test with positional arguments only.
   *
   * @param name the test, for example {@code sleeptest}
   * @param positional its arguments in order
   * @return true when the test passed (GOOD); a failure is recorded in the status log, not thrown
   */
  public boolean run_test(String name, Object... positional) {
    return run_test(Map.of(), name, positional);
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
    return Boolean.TRUE.equals(
        channel.call("job", "run_test", named, name, Arrays.asList(positional)));
  }

  /**
   * Runs the closures at the same time, each against the host, and returns when all have ended.
   * Their tests must have different subdirs (use {@code tag}).
   */
  public void parallel(Closure<?>... branches) {
    List<Long> bodies = new ArrayList<>();
    for (Closure<?> branch : branches) {
      bodies.add(channel.register(branch));
    }
    channel.call("job", "parallel", bodies);
  }

  /** Writes a status line: {@code job.record('WARN', 'subdir', 'operation', 'reason')}. */
  public void record(String status, String subdir, String operation, String reason) {
    channel.call("job", "record", status, subdir, operation, reason);
  }

  /** {@code job.record(status, subdir, operation)} with no reason. */
  public void record(String status, String subdir, String operation) {
    record(status, subdir, operation, "");
  }

  /**
   * Records measurements of the whole job in the job's {@code keyval}, each as {@code
   * name{perf}=value}.
   */
  public void write_perf_keyval(Map<String, Object> values) {
    channel.call("job", "write_perf_keyval", values);
  }

  /** Reboots the host with {@code reboot} and waits up to 10 minutes for it. */
  public boolean reboot() {
    return reboot(Map.of());
  }

  /**
   * Reboots the host with {@code command:} (default {@code reboot}) and waits up to {@code
   * timeout:} seconds (default 600) for it to come back.
   */
  public boolean reboot(Map<String, Object> options) {
    return Boolean.TRUE.equals(channel.call("job", "reboot", options));
  }

  /**
   * Server-side only: holds this machine's branch of a {@code parallel_simple} until every machine
   * of it has called {@code job.barrier} with the same name, or fails after {@code timeout}
   * seconds.
   */
  public void barrier(String name, Number timeout) {
    channel.call("job", "barrier", name, timeout);
  }

  /** {@code job.sysinfo}: add commands and files to what is gathered from the host. */
  public ScriptSysinfo getSysinfo() {
    return sysinfo;
  }

  @Override
  public String toString() {
    return "job of session " + channel.session();
  }
}
