package hangar.autoserv;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes a {@code status.log} in Autotest's format and keeps track of the groups it has opened.
 *
 * <p>Each line is written and flushed before the call returns, so a crash loses nothing and {@code
 * tail -f} shows the session live. A {@code START} line opens a group (later lines are indented one
 * tab deeper) and {@link #end} closes the innermost one with the same subdir and operation, as
 * Autotest's {@code status_logger} does. The worst outcome seen anywhere is the session's verdict.
 *
 * <p>The file is written through a {@link FileOutputStream}, which ignores interrupts: an
 * interrupted thread (an aborting session) must still be able to write its ABORT lines, where a
 * {@code FileChannel} would close itself instead.
 */
public final class StatusLog implements AutoCloseable {
  private final OutputStream out;
  private final Path file;
  private final Clock clock;
  private final StatusListener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Deque<Group> open = new ArrayDeque<>();
  private final int base;
  private final List<StatusEntry> kept;
  private Verdict worst = Verdict.GOOD;
  private int failedTests;
  private String worstReason = "";

  private StatusLog(
      OutputStream out,
      Path file,
      Clock clock,
      StatusListener listener,
      int base,
      List<StatusEntry> kept) {
    this.out = out;
    this.file = file;
    this.clock = clock;
    this.listener = listener;
    this.base = base;
    this.kept = kept;
  }

  /**
   * Opens a status log for appending, creating the file if needed.
   *
   * @param file the {@code status.log} to write
   * @param clock stamps each line; {@code localtime=} is rendered in the clock's zone
   * @param listener hears each line after it is flushed
   * @return the open log
   * @throws UncheckedIOException if the file cannot be opened
   */
  public static StatusLog open(Path file, Clock clock, StatusListener listener) {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(listener, "listener");
    try {
      return new StatusLog(
          new FileOutputStream(file.toFile(), true), file, clock, listener, 0, null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open status log " + file, e);
    }
  }

  /**
   * Opens a log for one branch of a {@code job.parallel}: its lines are indented as if they were
   * written inside this log's open groups, go to {@code file} as they happen (so a crash keeps
   * them), and are copied into this log, in one piece, by {@link #absorb}. Branches running at once
   * thus cannot tangle each other's nesting.
   *
   * @param file where the branch's lines are written live, usually under {@code debug/}
   */
  public StatusLog branch(Path file) {
    try {
      return new StatusLog(
          new FileOutputStream(file.toFile(), true),
          file,
          clock,
          StatusListener.NONE,
          base + depth(),
          new ArrayList<>());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open status log " + file, e);
    }
  }

  /** Closes the groups a branch left open (it was aborted mid-test), as ABORT. */
  public void endAllOf(StatusLog branch) {
    branch.endAll(StatusCode.ABORT, "session aborted");
  }

  /**
   * Copies every line a finished {@link #branch} wrote into this log, and counts its outcomes
   * towards this log's verdict.
   *
   * @throws IllegalArgumentException if the log is no branch, or still has groups open
   */
  public void absorb(StatusLog branch) {
    if (branch.kept == null) {
      throw new IllegalArgumentException(branch.file + " is no branch; a bug");
    }
    if (branch.depth() != 0) {
      throw new IllegalArgumentException(branch.file + " still has groups open; a bug");
    }
    lock.lock();
    try {
      for (StatusEntry entry : branch.kept) {
        write(entry);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes a {@code START} line and opens a group.
   *
   * @param subdir the test's results subfolder, or empty
   * @param operation the test's name, or empty
   * @param message usually empty
   */
  public void start(String subdir, String operation, String message) {
    lock.lock();
    try {
      write(new StatusEntry(StatusCode.START, false, subdir, operation, message, now(), indent()));
      open.push(new Group(subdir, operation));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes a status line inside the current group, such as {@code GOOD ... completed successfully}
   * or {@code FAIL ... <reason>}.
   *
   * @throws IllegalArgumentException for {@link StatusCode#START}; use {@link #start}
   */
  public void record(StatusCode code, String subdir, String operation, String message) {
    if (code == StatusCode.START) {
      throw new IllegalArgumentException("use start() to open a group");
    }
    lock.lock();
    try {
      write(new StatusEntry(code, false, subdir, operation, message, now(), indent()));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes the {@code END <code>} line that closes the innermost open group.
   *
   * @param code the group's outcome
   * @param message the reason for an outcome other than GOOD, else empty
   * @throws IllegalStateException if no group is open, which is a bug in the caller
   */
  public void end(StatusCode code, String message) {
    end(code, message, Map.of());
  }

  /**
   * As {@link #end(StatusCode, String)} with optional fields on the END line, such as the {@code
   * kernel=} a reboot came back with.
   */
  public void end(StatusCode code, String message, Map<String, String> fields) {
    lock.lock();
    try {
      Group group = open.peek();
      if (group == null) {
        throw new IllegalStateException("END " + code + " with no open group; a bug");
      }
      write(
          new StatusEntry(
              code, true, group.subdir(), group.operation(), message, now(), indent() - 1, fields));
      open.pop();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes every group still open, innermost first, with the same outcome and message; for an abort
   * or a crash that leaves groups behind.
   */
  public void endAll(StatusCode code, String message) {
    lock.lock();
    try {
      while (!open.isEmpty()) {
        end(code, message);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The number of groups open now. */
  public int depth() {
    lock.lock();
    try {
      return open.size();
    } finally {
      lock.unlock();
    }
  }

  /** The worst outcome written so far; GOOD when nothing worse has been seen. */
  public Verdict worst() {
    lock.lock();
    try {
      return worst;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The reason given with the first line of the {@link #worst} outcome, prefixed with its test name
   * when it has one; empty while the worst is GOOD.
   */
  public String worstReason() {
    lock.lock();
    try {
      return worstReason;
    } finally {
      lock.unlock();
    }
  }

  /** How many groups inside the job's ended FAIL, ERROR or ABORT so far. */
  public int failedTests() {
    lock.lock();
    try {
      return failedTests;
    } finally {
      lock.unlock();
    }
  }

  /** The file written. */
  public Path file() {
    return file;
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close status log " + file, e);
    }
  }

  private void write(StatusEntry entry) {
    try {
      out.write((entry.render(clock.getZone()) + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write status log " + file, e);
    }
    noteOutcome(entry);
    if (entry.end()
        && entry.indent() >= 1
        && entry.code().toVerdict().compareTo(Verdict.FAIL) >= 0) {
      failedTests++;
    }
    if (kept != null) {
      kept.add(entry);
    }
    listener.written(entry);
  }

  /** The indentation of a line written now: the groups open here and around a branch. */
  private int indent() {
    return base + open.size();
  }

  private void noteOutcome(StatusEntry entry) {
    if (!entry.code().isOutcome()) {
      return;
    }
    Verdict verdict = entry.code().toVerdict();
    if (verdict.compareTo(worst) > 0) {
      worst = verdict;
      String message = entry.message().lines().findFirst().orElse("");
      worstReason =
          entry.operation().isEmpty() || message.isEmpty()
              ? message
              : entry.operation() + ": " + message;
    }
  }

  private Instant now() {
    return clock.instant();
  }

  private record Group(String subdir, String operation) {}
}
