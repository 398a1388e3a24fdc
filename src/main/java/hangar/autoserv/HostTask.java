package hangar.autoserv;

import hangar.host.CommandResult;
import hangar.host.HostCommandException;
import hangar.host.LocalHost;
import hangar.host.SshHost;
import hangar.host.TestHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One verify, cleanup or repair session on a host (Autotest's {@code autoserv --verify}, {@code
 * --cleanup}, {@code --repair}): each check is a line in the status log, and the session's outcome
 * is the worst of them. Not thread-safe; it lives on the session's thread.
 */
final class HostTask {
  /** How long one command of a special task may run. */
  static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);

  /** Opens the session's host; may fail with a connection error. */
  interface Opener {
    TestHost open();
  }

  private final SessionSpec spec;
  private final StatusLog status;
  private final DebugLog debug;
  private final Path tempDir;
  // A repair opens its host only after the power reset, which runs on the drone.
  private TestHost host;
  private Opener opener;
  private TestHost drone;

  HostTask(SessionSpec spec, TestHost host, StatusLog status, DebugLog debug, Path tempDir) {
    this.spec = spec;
    this.host = host;
    this.status = status;
    this.debug = debug;
    this.tempDir = tempDir;
  }

  /**
   * A repair: its power reset runs on {@code drone} (the host may well be dead), then {@code
   * opener} reaches the host, trying again until the checks' boot wait is over, and a verify
   * follows. The host it opens is closed when the task ends.
   */
  static HostTask repair(
      SessionSpec spec,
      Opener opener,
      TestHost drone,
      StatusLog status,
      DebugLog debug,
      Path tempDir) {
    HostTask task = new HostTask(spec, null, status, debug, tempDir);
    task.opener = opener;
    task.drone = drone;
    return task;
  }

  /** Runs the task inside a group named after it and closes it with the worst outcome. */
  SessionOutcome run() {
    String task = spec.kind().tag();
    status.start("", task, "");
    try {
      switch (spec.kind()) {
        case VERIFY -> verify();
        case CLEANUP -> cleanup();
        case REPAIR -> repair();
        case JOB -> throw new IllegalArgumentException("a job session is no host task");
      }
    } catch (InterruptedException e) {
      debug.info(task + " aborted");
      status.record(StatusCode.ABORT, "", task, Session.ABORT_REASON);
      Thread.currentThread().interrupt();
    } catch (HostCommandException e) {
      // The host broke off during the task: the task failed, and says why.
      debug.info(task + ": " + e.getMessage());
      status.record(StatusCode.FAIL, "", task, e.getMessage());
    } finally {
      if (opener != null && host != null) {
        host.close();
      }
    }
    Verdict verdict = status.worst();
    String reason = status.worstReason();
    status.endAll(StatusCode.of(verdict), reason);
    debug.info(task + " ended: " + verdict + " " + reason);
    return new SessionOutcome(verdict, reason);
  }

  /** A command runs, the results folder and temp dir have room, the temp dir takes a file. */
  private void verify() throws InterruptedException {
    Path debugDir = spec.resultsDir().resolve("debug");
    CommandResult result =
        host.run(
            "true",
            debugDir.resolve("verify.stdout"),
            debugDir.resolve("verify.stderr"),
            COMMAND_TIMEOUT);
    check(
        "verify.command",
        result.isSuccess(),
        "'true' ran on " + host.hostname(),
        "'true' did not run on "
            + host.hostname()
            + (result.timedOut() ? ": timed out" : ": exit status " + result.exitStatus()));
    checkFreeDisk("verify.disk", spec.resultsDir());
    if (host instanceof LocalHost) {
      if (checkTempDir()) {
        checkFreeDisk("verify.disk", tempDir);
      }
    } else {
      checkHostTemp(debugDir);
    }
  }

  /**
   * On a host over SSH: its temp dir ({@code $TMPDIR} or {@code /tmp}) takes a file, and its file
   * system has the minimum free.
   */
  private void checkHostTemp(Path debugDir) throws InterruptedException {
    Path out = debugDir.resolve("verify-tmp.stdout");
    CommandResult result =
        host.run(
            "d=\"${TMPDIR:-/tmp}\"; p=$(mktemp \"$d/hangar-verify.XXXXXX\") || exit 3; rm -f \"$p\";"
                + " echo \"$d\"; df -Pk \"$d\" | awk 'NR==2 {print $4}'",
            out,
            debugDir.resolve("verify-tmp.stderr"),
            COMMAND_TIMEOUT);
    List<String> lines;
    try {
      lines = Files.readAllLines(out);
    } catch (IOException e) {
      status.record(StatusCode.FAIL, "", "verify.tmp", "cannot read " + out + ": " + e);
      return;
    }
    String dir = lines.isEmpty() ? "$TMPDIR" : lines.get(0);
    if (!result.isSuccess()) {
      status.record(
          StatusCode.FAIL,
          "",
          "verify.tmp",
          "temp dir "
              + dir
              + " of "
              + host.hostname()
              + " is not writable"
              + (result.timedOut()
                  ? " (timed out)"
                  : " (exit status " + result.exitStatus() + ")"));
      return;
    }
    status.record(
        StatusCode.GOOD,
        "",
        "verify.tmp",
        "temp dir " + dir + " of " + host.hostname() + " is writable");
    long min = spec.checks().minFreeDiskBytes();
    if (lines.size() < 2 || !lines.get(1).strip().matches("\\d+")) {
      status.record(
          StatusCode.FAIL,
          "",
          "verify.disk",
          "cannot read free disk of " + dir + " on " + host.hostname());
      return;
    }
    long free = Long.parseLong(lines.get(1).strip()) * 1024;
    String where = dir + " of " + host.hostname();
    check(
        "verify.disk",
        free >= min,
        mb(free) + " free in " + where + " (minimum " + mb(min) + ")",
        "only " + mb(free) + " free in " + where + ", below the minimum of " + mb(min));
  }

  private boolean checkTempDir() {
    try {
      Files.createDirectories(tempDir);
      Path probe = Files.createTempFile(tempDir, "verify-", ".probe");
      Files.delete(probe);
      status.record(StatusCode.GOOD, "", "verify.tmp", "temp dir " + tempDir + " is writable");
      return true;
    } catch (IOException | SecurityException e) {
      status.record(
          StatusCode.FAIL, "", "verify.tmp", "temp dir " + tempDir + " is not writable: " + e);
      return false;
    }
  }

  private void checkFreeDisk(String operation, Path dir) {
    long min = spec.checks().minFreeDiskBytes();
    try {
      long free = Files.getFileStore(dir).getUsableSpace();
      check(
          operation,
          free >= min,
          mb(free) + " free in " + dir + " (minimum " + mb(min) + ")",
          "only " + mb(free) + " free in " + dir + ", below the minimum of " + mb(min));
    } catch (IOException e) {
      status.record(StatusCode.FAIL, "", operation, "cannot read free disk of " + dir + ": " + e);
    }
  }

  /**
   * A host over SSH reboots, as Autotest's cleanup does, and must come back within the boot wait;
   * localhost is the drone itself: not rebooted, only the sessions' temp files go.
   */
  private void cleanup() throws InterruptedException {
    if (host instanceof SshHost ssh) {
      try {
        ssh.reboot(spec.checks().rebootCommand(), spec.checks().bootWait());
        status.record(
            StatusCode.GOOD, "", "cleanup.reboot", host.hostname() + " rebooted and is back");
      } catch (HostCommandException e) {
        status.record(StatusCode.FAIL, "", "cleanup.reboot", e.getMessage());
      }
      return;
    }
    status.record(
        StatusCode.INFO,
        "",
        "cleanup.reboot",
        host.hostname() + " is this machine: not rebooted, only its temp files are removed");
    try {
      int removed = clearTempDir();
      status.record(
          StatusCode.GOOD, "", "cleanup.tmp", "removed " + removed + " temp files in " + tempDir);
    } catch (IOException | RuntimeException e) {
      status.record(
          StatusCode.FAIL, "", "cleanup.tmp", "cannot remove temp files in " + tempDir + ": " + e);
    }
  }

  private int clearTempDir() throws IOException {
    if (!Files.isDirectory(tempDir)) {
      return 0;
    }
    List<Path> doomed;
    try (Stream<Path> walk = Files.walk(tempDir)) {
      doomed = walk.filter(p -> !p.equals(tempDir)).sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : doomed) {
      Files.deleteIfExists(path);
    }
    return doomed.size();
  }

  /**
   * The power command if there is one, on the drone; then the host, once it lets us in; then a
   * verify nested in the repair.
   */
  private void repair() throws InterruptedException {
    String power = spec.checks().powerResetCommand();
    String hostname = spec.hosts().get(0);
    if (power.isEmpty()) {
      status.record(
          StatusCode.INFO, "", "repair.power", "no power command configured for " + hostname);
    } else {
      Path debugDir = spec.resultsDir().resolve("debug");
      CommandResult result =
          (drone != null ? drone : host)
              .run(
                  power,
                  debugDir.resolve("power_reset.stdout"),
                  debugDir.resolve("power_reset.stderr"),
                  COMMAND_TIMEOUT);
      check(
          "repair.power",
          result.isSuccess(),
          "power reset: " + power,
          "power reset failed ("
              + (result.timedOut() ? "timed out" : "exit status " + result.exitStatus())
              + "): "
              + power);
    }
    if (host == null && !reach(hostname, power.isEmpty())) {
      return;
    }
    status.start("", "verify", "");
    verify();
    boolean verified = status.worst() == Verdict.GOOD;
    status.end(verified ? StatusCode.GOOD : StatusCode.FAIL, verified ? "" : status.worstReason());
  }

  /**
   * Opens the host; after a power reset, tries again every few seconds until the boot wait is over,
   * since the host is booting.
   *
   * @return false, with a failed {@code repair.connect} line, if it never let us in
   */
  private boolean reach(String hostname, boolean once) throws InterruptedException {
    long deadline = System.nanoTime() + spec.checks().bootWait().toNanos();
    while (true) {
      try {
        host = opener.open();
        check("repair.connect", true, "reached " + hostname, "");
        return true;
      } catch (RuntimeException e) {
        if (once || System.nanoTime() > deadline) {
          check(
              "repair.connect",
              false,
              "",
              (once ? "" : "not back within " + spec.checks().bootWait() + ": ") + e.getMessage());
          return false;
        }
        debug.info("repair: " + hostname + " not back yet: " + e.getMessage());
        Thread.sleep(Math.min(5_000, Math.max(100, spec.checks().bootWait().toMillis() / 10)));
      }
    }
  }

  private void check(String operation, boolean ok, String good, String bad) {
    status.record(ok ? StatusCode.GOOD : StatusCode.FAIL, "", operation, ok ? good : bad);
    debug.info(operation + ": " + (ok ? good : bad));
  }

  private static String mb(long bytes) {
    return (bytes / (1024 * 1024)) + " MB";
  }
}
