package hangar.drone;

import com.fasterxml.jackson.annotation.JsonInclude;
import hangar.results.ParsedResults;
import java.util.List;

/**
 * One reply line of the drone protocol. {@code ok} says whether the request was done; a refusal
 * carries {@code error} (a code) and {@code message}. The other fields are filled by the requests
 * that return them, and left out of the line otherwise.
 *
 * @param ok true when the request was done
 * @param error the error code of a refusal: {@value #BAD_REQUEST}, {@value #SESSION_RUNNING},
 *     {@code session-forgotten}, {@value #SHUTTING_DOWN}, {@value #NOT_FOUND} or {@value #INTERNAL}
 * @param message what was wrong and what to do, for a refusal
 * @param version the daemon's Hangar version ({@code ping}, {@code shutdown})
 * @param protocol the protocol version ({@code ping})
 * @param pid the daemon's process id ({@code ping}, {@code shutdown})
 * @param sessions every session the drone remembers ({@code sessions})
 * @param results one per session of a {@code start-all} or {@code forget-all}, in request order
 * @param files the entries of a {@code files} request
 * @param data the bytes a {@code read} returned, in base64
 * @param size the whole size of the file a {@code read} read from
 * @param parsed the records of a {@code parse}
 * @param contents the files a {@code read-whole} read, in base64, in request order
 * @param settings the digest of the settings the daemon runs with ({@code ping}, {@code shutdown};
 *     absent from daemons that predate it): {@link DroneSettings}
 * @param ended how many sessions ended on the daemon since it started ({@code watch})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Reply(
    boolean ok,
    String error,
    String message,
    String version,
    Integer protocol,
    Long pid,
    List<SessionState> sessions,
    List<Item> results,
    List<DroneFile> files,
    String data,
    Long size,
    ParsedResults parsed,
    List<Content> contents,
    String settings,
    Long ended) {
  static final String BAD_REQUEST = DroneRequestException.BAD_REQUEST;
  static final String SESSION_RUNNING = "session-running";
  static final String SESSION_FORGOTTEN = DroneRequestException.SESSION_FORGOTTEN;
  static final String SHUTTING_DOWN = "shutting-down";
  static final String INTERNAL = "internal";
  static final String NOT_FOUND = "not-found";

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = DroneJson.create();

  /** The reply as one protocol line. */
  static String json(Reply reply) {
    try {
      return JSON.writeValueAsString(reply);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a drone reply; a bug", e);
    }
  }

  static Reply done() {
    return new Reply(
        true, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  static Reply refused(String error, String message) {
    return new Reply(
        false, error, message, null, null, null, null, null, null, null, null, null, null, null,
        null);
  }

  static Reply info(String version, int protocol, long pid, String settings) {
    return new Reply(
        true, null, null, version, protocol, pid, null, null, null, null, null, null, null,
        settings, null);
  }

  static Reply listing(List<SessionState> sessions) {
    return new Reply(
        true,
        null,
        null,
        null,
        null,
        null,
        List.copyOf(sessions),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  static Reply results(List<Item> results) {
    return new Reply(
        true,
        null,
        null,
        null,
        null,
        null,
        null,
        List.copyOf(results),
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  static Reply files(List<DroneFile> files) {
    return new Reply(
        true,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        List.copyOf(files),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  static Reply data(String base64, long size) {
    return new Reply(
        true, null, null, null, null, null, null, null, null, base64, size, null, null, null, null);
  }

  static Reply parsed(ParsedResults parsed) {
    return new Reply(
        true, null, null, null, null, null, null, null, null, null, null, parsed, null, null, null);
  }

  static Reply contents(List<Content> contents) {
    return new Reply(
        true, null, null, null, null, null, null, null, null, null, null, null, contents, null,
        null);
  }

  static Reply ended(long ended) {
    return new Reply(
        true, null, null, null, null, null, null, null, null, null, null, null, null, null, ended);
  }

  /** One whole file of a {@code read-whole}: its name and its bytes in base64. */
  record Content(String path, String data) {}

  /**
   * What a batch request did to one session: {@code ok}, or the {@code error} and {@code message}
   * the single request would have answered.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Item(String sessionId, boolean ok, String error, String message) {
    static Item of(String sessionId, Reply reply) {
      return new Item(sessionId, reply.ok(), reply.error(), reply.message());
    }
  }
}
