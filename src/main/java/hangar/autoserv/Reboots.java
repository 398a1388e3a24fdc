package hangar.autoserv;

import hangar.host.HostCommandException;
import hangar.host.LocalHost;
import hangar.host.SshHost;
import hangar.host.TestHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code job.reboot} and {@code h.reboot}: reboots a host, waits for it and records a group. */
final class Reboots {
  /** How long a reboot may take when the control file gives no timeout. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  private final SessionState state;

  /** Numbers the {@code sysinfo/boot.N} folders across the session and its branches. */
  private final AtomicInteger boots = new AtomicInteger();

  Reboots(SessionState state) {
    this.state = state;
  }

  /**
   * Reboots {@code host} and waits for it, as a {@code reboot} group in {@code status} with {@code
   * reboot.start} and {@code reboot.verify} lines and the kernel it came back with; then gathers a
   * boot's sysinfo into {@code sysinfo/boot.N}.
   *
   * @return true when the host came back
   */
  boolean reboot(StatusLog status, TestHost host, String command, Duration timeout) {
    state.checkNotAborted();
    status.start("", "reboot", "");
    if (!(host instanceof SshHost ssh)) {
      String reason =
          "cannot reboot "
              + LocalHost.HOSTNAME
              + ": it is the drone itself; run the job on a host reached over SSH";
      status.record(StatusCode.FAIL, "", "reboot.start", reason);
      status.end(StatusCode.FAIL, reason);
      return false;
    }
    DebugLog debug = state.debug();
    try {
      status.record(StatusCode.GOOD, "", "reboot.start", "");
      debug.info("reboot: running '" + command + "' on " + host.hostname());
      try {
        ssh.reboot(command, timeout);
      } catch (HostCommandException e) {
        // Autotest writes ABORT here; a session's ABORT means "aborted by a user" to the scheduler.
        status.record(StatusCode.FAIL, "", "reboot.verify", e.getMessage());
        status.end(StatusCode.FAIL, e.getMessage());
        return false;
      }
      String kernel = kernelVersion(host);
      status.record(StatusCode.GOOD, "", "reboot.verify", kernel);
      status.end(StatusCode.GOOD, "", kernel.isEmpty() ? Map.of() : Map.of("kernel", kernel));
      int boot = boots.getAndIncrement();
      Path where = state.isServerSide() ? state.hostDir(host) : state.spec().resultsDir();
      state
          .sysinfo()
          .gatherBoot(host, where.resolve("sysinfo").resolve("boot." + boot), state.debugDir());
      return true;
    } catch (InterruptedException e) {
      state.markAborted();
      status.record(StatusCode.ABORT, "", "reboot.verify", Session.ABORT_REASON);
      status.end(StatusCode.ABORT, Session.ABORT_REASON);
      throw new SessionAbortedException(Session.ABORT_REASON + " while the host rebooted");
    }
  }

  private String kernelVersion(TestHost host) throws InterruptedException {
    DebugLog debug = state.debug();
    Path debugDir = state.debugDir();
    Path out;
    try {
      out = Files.createTempFile(debugDir, "reboot-kernel-", ".out");
    } catch (IOException e) {
      debug.info("reboot: cannot make a file for the kernel version: " + e);
      return "";
    }
    try {
      host.run("uname -r", out, debugDir.resolve("reboot.stderr"), Duration.ofMinutes(1));
      return Files.readString(out).strip().replaceAll("[\\s=]+", "_");
    } catch (IOException | HostCommandException e) {
      debug.info("reboot: cannot read the kernel version: " + e);
      return "";
    } finally {
      try {
        Files.deleteIfExists(out);
      } catch (IOException e) {
        debug.info("reboot: cannot remove " + out + ": " + e);
      }
    }
  }
}
