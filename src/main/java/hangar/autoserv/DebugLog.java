package hangar.autoserv;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code debug/autoserv.DEBUG}: what autoserv did in one session, one timestamped line per step,
 * flushed as written. Each line also goes to SLF4J (at debug; errors at error) with the session id.
 */
final class DebugLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DebugLog.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

  private final OutputStream out;
  private final Clock clock;
  private final String sessionId;

  private DebugLog(OutputStream out, Clock clock, String sessionId) {
    this.out = out;
    this.clock = clock;
    this.sessionId = sessionId;
  }

  /**
   * Opens the log for appending.
   *
   * @throws IOException if the file cannot be opened
   */
  static DebugLog open(Path file, Clock clock, String sessionId) throws IOException {
    return new DebugLog(new FileOutputStream(file.toFile(), true), clock, sessionId);
  }

  /** Writes an INFO line. */
  void info(String message) {
    write("INFO ", message);
  }

  /**
   * Writes an INFO line with the stack trace of {@code detail}, for a problem of the control file
   * or the host rather than of autoserv; the process log gets one line at debug level.
   */
  void info(String message, Throwable detail) {
    LOG.debug("session={} {}", sessionId, message);
    writeLine("INFO ", message + "\n" + stackTrace(detail));
  }

  /** Writes an ERROR line with the stack trace of {@code error}: a bug, logged at error too. */
  void error(String message, Throwable error) {
    LOG.error("session={} {}", sessionId, message, error);
    writeLine("ERROR", message + "\n" + stackTrace(error));
  }

  private void write(String level, String message) {
    // autoserv.DEBUG is the place for these; the process log gets them at debug level only.
    LOG.debug("session={} {}", sessionId, message);
    writeLine(level, message);
  }

  private void writeLine(String level, String message) {
    String line =
        STAMP.format(clock.instant().atZone(clock.getZone())) + " " + level + "| " + message + "\n";
    try {
      out.write(line.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      // The debug log is a convenience; losing it must not fail the session.
      LOG.warn("session={} cannot write autoserv.DEBUG: {}", sessionId, e.toString());
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      LOG.warn("session={} cannot close autoserv.DEBUG: {}", sessionId, e.toString());
    }
  }

  private static String stackTrace(Throwable error) {
    StringWriter text = new StringWriter();
    error.printStackTrace(new PrintWriter(text));
    return text.toString().stripTrailing();
  }
}
