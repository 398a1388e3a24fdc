package hangar.drone;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one request line into one reply line, whatever carried it. A bad line gets a {@code
 * bad-request} reply and changes nothing.
 */
final class RequestHandler {
  /** The protocol version this drone speaks; bumped on an incompatible change. */
  static final int PROTOCOL = 2;

  private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

  private final SessionTable sessions;
  private final ObjectMapper json;
  private final Runnable shutdown;

  /**
   * @param sessions the daemon's sessions
   * @param json the protocol's mapper
   * @param shutdown asks the daemon to stop; must not wait for the stop, the reply is still due
   */
  RequestHandler(SessionTable sessions, ObjectMapper json, Runnable shutdown) {
    this.sessions = sessions;
    this.json = json;
    this.shutdown = shutdown;
  }

  /** Answers one request line with one reply line. */
  String handle(String line) {
    Reply reply;
    try {
      reply = handle(json.readValue(line, Request.class));
    } catch (JsonProcessingException e) {
      reply =
          Reply.refused(
              Reply.BAD_REQUEST,
              "not a drone request: "
                  + e.getOriginalMessage()
                  + "; send one JSON object per line with \"op\" one of start, abort, sessions,"
                  + " forget, ping, shutdown");
    } catch (IOException | UncheckedIOException e) {
      LOG.error(
          "drone failed a request: {}", line.length() > 200 ? line.substring(0, 200) : line, e);
      reply = Reply.refused(Reply.INTERNAL, "drone failed on its disk: " + e + "; see drone.log");
    }
    try {
      return json.writeValueAsString(reply);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a drone reply; bug", e);
    }
  }

  private Reply handle(Request request) throws IOException {
    return switch (request) {
      case Request.Start start -> start(start);
      case Request.Abort abort -> {
        sessions.abort(abort.sessionId());
        yield Reply.done();
      }
      case Request.Sessions ignored -> Reply.listing(sessions.states());
      case Request.Forget forget ->
          sessions.forget(forget.sessionId())
              ? Reply.done()
              : Reply.refused(
                  Reply.SESSION_RUNNING,
                  "session "
                      + forget.sessionId()
                      + " is still running; abort it and wait until it finished");
      case Request.Ping ignored -> Reply.info(DroneDaemon.version(), PROTOCOL, pid());
      case Request.Shutdown ignored -> {
        shutdown.run();
        yield Reply.info(DroneDaemon.version(), PROTOCOL, pid());
      }
    };
  }

  private Reply start(Request.Start start) throws IOException {
    String id = start.spec().sessionId();
    if (!SessionFiles.isSafeId(id)) {
      return Reply.refused(
          Reply.BAD_REQUEST,
          "session id '"
              + id
              + "' cannot name a file; use letters, digits, '_', '.', '-' (at most 128)");
    }
    return switch (sessions.start(start.spec())) {
      case STARTED -> Reply.done();
      case KNOWN -> {
        LOG.debug("session={} already known; start ignored", id);
        yield Reply.done();
      }
      case CLOSED ->
          Reply.refused(
              Reply.SHUTTING_DOWN, "drone is shutting down; start session " + id + " again later");
    };
  }

  private static long pid() {
    return ProcessHandle.current().pid();
  }
}
