package hangar.autoserv;

import hangar.lab.ControlType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/** A session's state over a real results folder, for the tests of the classes a session uses. */
final class SessionFixture implements AutoCloseable {
  private static final Pattern FIELDS =
      Pattern.compile("\ttimestamp=\\d+\tlocaltime=[A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2}:\\d{2}\t");

  final Path dir;
  final DebugLog debug;
  final StatusLog status;

  private SessionFixture(Path dir, DebugLog debug, StatusLog status) {
    this.dir = dir;
    this.debug = debug;
    this.status = status;
  }

  /** Opens the logs of a client-side session on localhost whose results go in {@code dir}. */
  static SessionFixture in(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("debug"));
    DebugLog debug = DebugLog.open(dir.resolve("debug/autoserv.DEBUG"), Clock.systemUTC(), "s-1");
    StatusLog status =
        StatusLog.open(dir.resolve("status.log"), Clock.systemUTC(), StatusListener.NONE);
    return new SessionFixture(dir, debug, status);
  }

  /** The state of a client-side session. */
  SessionState clientState() {
    return new SessionState(spec(List.of("localhost")), debug, new Sysinfo(debug), null);
  }

  /** The state of a server-side session over {@code hosts}, none of which it connects to. */
  SessionState serverState(List<String> machines) {
    ServerHosts hosts =
        new ServerHosts(
            machines,
            machine -> {
              throw new IllegalStateException("this test connects to no machine: " + machine);
            },
            dir.resolve("debug"));
    return new SessionState(spec(machines), debug, new Sysinfo(debug), hosts);
  }

  private SessionSpec spec(List<String> machines) {
    return new SessionSpec("s-1", 7, "alice", "nightly", ControlType.CLIENT, "", machines, dir);
  }

  /** The status log's lines so far without their timestamp fields, which the clock decides. */
  List<String> statusLines() throws IOException {
    return Files.readAllLines(dir.resolve("status.log"), StandardCharsets.UTF_8).stream()
        .map(line -> FIELDS.matcher(line).replaceFirst("\t"))
        .toList();
  }

  @Override
  public void close() {
    status.close();
    debug.close();
  }
}
