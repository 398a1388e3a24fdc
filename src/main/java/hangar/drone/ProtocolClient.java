package hangar.drone;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.autoserv.SessionSpec;
import hangar.results.ParsedResults;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The client side of the drone protocol over any carrier that exchanges one request line for one
 * reply line: a Unix socket ({@link LocalDrone}) or an SSH channel ({@link RemoteDrone}).
 */
final class ProtocolClient {
  /** Sends one line, returns the reply line; throws {@link DroneUnreachableException}. */
  interface Carrier {
    String exchange(String line);
  }

  private final ObjectMapper json = DroneJson.create();
  private final Carrier carrier;
  private final BiFunction<String, Throwable, DroneUnreachableException> unreachable;

  /**
   * @param carrier carries the lines
   * @param unreachable makes the exception for a drone that answers badly or not at all, from what
   *     went wrong and its cause (or null)
   */
  ProtocolClient(
      Carrier carrier, BiFunction<String, Throwable, DroneUnreachableException> unreachable) {
    this.carrier = carrier;
    this.unreachable = unreachable;
  }

  Map<String, DroneRequestException> startAll(List<SessionSpec> specs) {
    if (specs.isEmpty()) {
      return Map.of();
    }
    return refusals(call(new Request.StartAll(specs)), specs.size());
  }

  Map<String, DroneRequestException> forgetAll(List<String> sessionIds) {
    if (sessionIds.isEmpty()) {
      return Map.of();
    }
    return refusals(call(new Request.ForgetAll(sessionIds)), sessionIds.size());
  }

  List<SessionState> sessions() {
    List<SessionState> sessions = call(new Request.Sessions()).sessions();
    return sessions == null ? List.of() : List.copyOf(sessions);
  }

  DroneInfo ping() {
    return info(call(new Request.Ping()));
  }

  DroneInfo shutdown() {
    return info(call(new Request.Shutdown(false)));
  }

  /** Stops the daemon if it runs no session; empty, changing nothing, if one runs. */
  java.util.Optional<DroneInfo> shutdownWhenIdle() {
    try {
      return java.util.Optional.of(info(call(new Request.Shutdown(true))));
    } catch (DroneRequestException e) {
      if (Reply.SESSION_RUNNING.equals(e.code())) {
        return java.util.Optional.empty();
      }
      throw e;
    }
  }

  List<DroneFile> files(String path, boolean sums) {
    List<DroneFile> files = call(new Request.Files(path, sums)).files();
    return files == null ? List.of() : files;
  }

  DroneChunk read(String path, long offset, int length) {
    Reply reply = call(new Request.Read(path, offset, length));
    if (reply.data() == null || reply.size() == null) {
      throw new DroneRequestException(Reply.INTERNAL, "drone answered a read without data");
    }
    if (reply.size() < 0) {
      throw unreachable.apply(
          "drone answered a read of a file of " + reply.size() + " bytes", null);
    }
    return new DroneChunk(base64(reply.data()), reply.size());
  }

  Map<String, byte[]> readWhole(String folder, List<String> files) {
    List<Reply.Content> contents = call(new Request.ReadWhole(folder, files)).contents();
    if (contents == null || contents.isEmpty()) {
      throw new DroneRequestException(Reply.INTERNAL, "drone answered a read-whole without files");
    }
    Map<String, byte[]> read = new LinkedHashMap<>();
    for (Reply.Content c : contents) {
      if (c.path() == null || c.data() == null) {
        throw unreachable.apply("drone answered a read-whole file without path or data", null);
      }
      read.put(c.path(), base64(c.data()));
    }
    return read;
  }

  ParsedResults parse(String path) {
    Reply reply = call(new Request.Parse(path));
    if (reply.parsed() == null) {
      throw new DroneRequestException(Reply.INTERNAL, "drone answered a parse without records");
    }
    return reply.parsed();
  }

  long watch(long after, java.time.Duration wait) {
    Reply reply = call(new Request.Watch(after, wait.toMillis()));
    if (reply.ended() == null) {
      throw new DroneRequestException(Reply.INTERNAL, "drone answered a watch without a count");
    }
    return reply.ended();
  }

  Reply call(Request request) {
    String line = line(request);
    return answer(carrier.exchange(line));
  }

  /** Writes a request line, or throws for a request that cannot be written. */
  String line(Request request) {
    try {
      return json.writerFor(Request.class).writeValueAsString(request);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write drone request " + request + ": " + e, e);
    }
  }

  /**
   * Reads the reply line to a request carried some other way, as {@link #call} does: a refusal
   * throws {@link DroneRequestException}, a drone shutting down or a broken line makes it
   * unreachable.
   */
  Reply answer(String replyLine) {
    Reply reply = readReply(replyLine);
    if (reply.ok()) {
      return reply;
    }
    if (Reply.SHUTTING_DOWN.equals(reply.error())) {
      throw unreachable.apply(reply.message(), null);
    }
    throw new DroneRequestException(reply.error(), reply.message());
  }

  /** The refused items of a batch reply; a shutting-down refusal makes the drone unreachable. */
  private Map<String, DroneRequestException> refusals(Reply reply, int asked) {
    List<Reply.Item> results = reply.results();
    if (results == null || results.size() != asked) {
      throw new DroneRequestException(
          Reply.INTERNAL,
          "drone answered "
              + (results == null ? "no" : results.size())
              + " results to a batch of "
              + asked);
    }
    Map<String, DroneRequestException> refused = new LinkedHashMap<>();
    for (Reply.Item item : results) {
      if (item.ok()) {
        continue;
      }
      if (Reply.SHUTTING_DOWN.equals(item.error())) {
        throw unreachable.apply(item.message(), null);
      }
      refused.put(item.sessionId(), new DroneRequestException(item.error(), item.message()));
    }
    return refused;
  }

  private static DroneInfo info(Reply reply) {
    if (reply.version() == null || reply.protocol() == null || reply.pid() == null) {
      throw new DroneRequestException(Reply.INTERNAL, "drone answered without version or pid");
    }
    return new DroneInfo(reply.version(), reply.protocol(), reply.pid(), reply.settings());
  }

  /**
   * Reads a reply line. A line that is not a reply, or one with an empty item in a list, makes the
   * drone unreachable for this request: the peer is broken or not a drone, and what it said is not
   * used.
   */
  private Reply readReply(String line) {
    Reply reply;
    try {
      reply = json.readValue(line, Reply.class);
    } catch (JsonProcessingException e) {
      throw unreachable.apply(
          "drone answered something that is not a reply: " + e.getOriginalMessage(), e);
    }
    if (reply == null) {
      throw unreachable.apply("drone answered null instead of a reply", null);
    }
    for (List<?> list :
        Arrays.asList(reply.sessions(), reply.results(), reply.files(), reply.contents())) {
      if (list != null && list.contains(null)) {
        throw unreachable.apply("drone answered a reply with an empty item in a list", null);
      }
    }
    return reply;
  }

  private byte[] base64(String data) {
    try {
      return Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw unreachable.apply("drone answered data that is not base64: " + e.getMessage(), e);
    }
  }
}
