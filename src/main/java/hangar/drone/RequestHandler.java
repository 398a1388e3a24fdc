package hangar.drone;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.autoserv.SessionSpec;
import hangar.results.StatusLogParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one request line into one reply line, whatever carried it. A bad line gets a {@code
 * bad-request} reply and changes nothing.
 */
final class RequestHandler {
  /** The protocol version this drone speaks; bumped on an incompatible change. */
  static final int PROTOCOL = 7;

  private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

  private final SessionTable sessions;
  private final ObjectMapper json;
  private final Runnable shutdown;
  private final String settings;
  private final ResultsFiles files;

  /**
   * @param sessions the daemon's sessions
   * @param files the drone's results folder, which {@code files}, {@code read} and {@code purge}
   *     serve
   * @param json the protocol's mapper
   * @param shutdown asks the daemon to stop; must not wait for the stop, the reply is still due
   */
  RequestHandler(
      SessionTable sessions,
      ResultsFiles files,
      ObjectMapper json,
      Runnable shutdown,
      String settings) {
    this.settings = settings;
    this.sessions = sessions;
    this.files = files;
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
                  + "; send one JSON object per line with \"op\" one of start, start-all, abort,"
                  + " sessions, forget, forget-all, ping, shutdown, files, read, read-whole, purge, parse, watch"
                  + " (and send-folder over a worker's link)");
    } catch (java.nio.file.NoSuchFileException e) {
      reply = Reply.refused(Reply.NOT_FOUND, "no such results file on the drone: " + e.getFile());
    } catch (IllegalArgumentException e) {
      reply = Reply.refused(Reply.BAD_REQUEST, e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      LOG.error(
          "drone failed a request: {}", line.length() > 200 ? line.substring(0, 200) : line, e);
      reply = Reply.refused(Reply.INTERNAL, "drone failed on its disk: " + e + "; see drone.log");
    }
    return Reply.json(reply);
  }

  private Reply handle(Request request) throws IOException {
    return switch (request) {
      case Request.Start start -> start(start.spec());
      case Request.StartAll all -> startAll(all.specs());
      case Request.Abort abort -> {
        sessions.abort(abort.sessionId());
        yield Reply.done();
      }
      case Request.Sessions ignored -> Reply.listing(sessions.states());
      case Request.Forget forget -> forget(forget.sessionId());
      case Request.ForgetAll all -> forgetAll(all.sessionIds());
      case Request.Ping ignored -> Reply.info(DroneDaemon.version(), PROTOCOL, pid(), settings);
      case Request.Shutdown stop -> {
        // Checked and closed in one step: no session can start between the check and the stop.
        if (stop.whenIdle() && !sessions.closeIfIdle()) {
          yield Reply.refused(
              Reply.SESSION_RUNNING, "the drone runs sessions; it stops when asked again idle");
        }
        shutdown.run();
        yield Reply.info(DroneDaemon.version(), PROTOCOL, pid(), settings);
      }
      case Request.Files list -> Reply.files(files.list(list.path(), list.sums()));
      case Request.Read read -> {
        byte[] bytes = files.read(read.path(), read.offset(), read.length());
        yield Reply.data(
            java.util.Base64.getEncoder().encodeToString(bytes),
            java.nio.file.Files.size(files.resolve(read.path())));
      }
      case Request.ReadWhole whole -> {
        List<Reply.Content> contents = new ArrayList<>();
        files
            .readWhole(whole.path(), whole.files())
            .forEach(
                (name, bytes) ->
                    contents.add(
                        new Reply.Content(
                            name, java.util.Base64.getEncoder().encodeToString(bytes))));
        yield Reply.contents(contents);
      }
      case Request.Parse parse -> Reply.parsed(StatusLogParser.parse(files.folder(parse.path())));
      case Request.Purge purge -> {
        files.purge(purge.path());
        yield Reply.done();
      }
      case Request.Watch watch -> watch(watch);
      case Request.SendFolder send ->
          Reply.refused(
              Reply.BAD_REQUEST,
              "send-folder is answered by a worker over its link only; read the folder with files"
                  + " and read-whole");
    };
  }

  private Reply watch(Request.Watch watch) {
    try {
      long ended = sessions.ends().await(watch.after(), Duration.ofMillis(watch.waitMs()));
      if (sessions.ends().isClosed()) {
        return Reply.refused(Reply.SHUTTING_DOWN, "drone is shutting down; watch again later");
      }
      return Reply.ended(ended);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Reply.refused(Reply.SHUTTING_DOWN, "drone is shutting down; watch again later");
    }
  }

  /** Starts the sessions with one durable write; each answers as a single {@code start} would. */
  private Reply startAll(List<SessionSpec> specs) throws IOException {
    List<SessionSpec> safe =
        specs.stream().filter(s -> SessionJournal.isSafeId(s.sessionId())).toList();
    List<SessionTable.Start> started = sessions.startAll(safe);
    List<Reply.Item> results = new ArrayList<>(specs.size());
    int next = 0;
    for (SessionSpec spec : specs) {
      Reply reply =
          SessionJournal.isSafeId(spec.sessionId())
              ? startReply(spec.sessionId(), started.get(next++))
              : unsafeId(spec.sessionId());
      results.add(Reply.Item.of(spec.sessionId(), reply));
    }
    return Reply.results(results);
  }

  private Reply forgetAll(List<String> ids) throws IOException {
    Set<String> kept = new HashSet<>(sessions.forgetAll(ids));
    List<Reply.Item> results = new ArrayList<>(ids.size());
    for (String id : ids) {
      results.add(Reply.Item.of(id, kept.contains(id) ? stillRunning(id) : Reply.done()));
    }
    return Reply.results(results);
  }

  private Reply forget(String sessionId) throws IOException {
    return sessions.forget(sessionId) ? Reply.done() : stillRunning(sessionId);
  }

  private static Reply stillRunning(String sessionId) {
    return Reply.refused(
        Reply.SESSION_RUNNING,
        "session " + sessionId + " is still running; abort it and wait until it finished");
  }

  private Reply start(SessionSpec spec) throws IOException {
    String id = spec.sessionId();
    if (!SessionJournal.isSafeId(id)) {
      return unsafeId(id);
    }
    return startReply(id, sessions.start(spec));
  }

  private static Reply unsafeId(String id) {
    return Reply.refused(
        Reply.BAD_REQUEST,
        "session id '"
            + id
            + "' is not valid; use letters, digits, '_', '.', '-' (at most 128), not starting"
            + " with '.' or '-'");
  }

  private static Reply startReply(String id, SessionTable.Start start) {
    return switch (start) {
      case STARTED -> Reply.done();
      case KNOWN -> {
        LOG.debug("session={} already known; start ignored", id);
        yield Reply.done();
      }
      case FORGOTTEN ->
          Reply.refused(
              Reply.SESSION_FORGOTTEN,
              "session "
                  + id
                  + " already ran on this drone and was forgotten; it is not started"
                  + " again");
      case CLOSED ->
          Reply.refused(
              Reply.SHUTTING_DOWN, "drone is shutting down; start session " + id + " again later");
    };
  }

  private static long pid() {
    return ProcessHandle.current().pid();
  }
}
