package hangar.drone;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * One text frame on a worker's link to the master: the only definition of the link's messages. Each
 * frame is one JSON object whose fields are those of one of these records, every one of them
 * required, no other; {@link WorkerFrames#parse} refuses anything else and names the field. {@code
 * docs/api.md} shows each frame in a block that {@code WorkerFrameDocsTest} reads back, so the two
 * cannot drift.
 *
 * <ul>
 *   <li>{@link HelloFrame} (worker to master, first frame): who the worker is;
 *   <li>{@link HeartbeatFrame} (worker to master): the worker's clock, in epoch milliseconds;
 *   <li>{@link RequestFrame} (master to worker): a drone protocol request line, numbered;
 *   <li>{@link ReplyFrame} (worker to master): the reply line to a numbered request.
 * </ul>
 *
 * <p>The master sends a request again, with the same number, until its reply arrives, also over a
 * new link after a reconnect; the worker answers a number it has answered before from its memory of
 * recent replies without doing the request again. So a broken link loses nothing and doubles
 * nothing.
 */
public sealed interface WorkerFrame
    permits WorkerFrame.HelloFrame,
        WorkerFrame.HeartbeatFrame,
        WorkerFrame.RequestFrame,
        WorkerFrame.ReplyFrame {
  /**
   * The longest frame either end takes, in characters: a {@code read} reply carries up to {@link
   * ResultsFiles#MAX_READ} bytes in base64 (about 1.4 MB), and a {@code files} reply lists a whole
   * results folder with sizes and SHA-256s, both far over the 64 KiB a WebSocket server takes by
   * default. A worker answers a longer reply with an error instead.
   */
  int MAX_FRAME_CHARS = 64 << 20;

  /**
   * The worker's first frame on each link: {@code {"hello": {...}}}.
   *
   * @param hello who the worker is
   */
  record HelloFrame(@JsonProperty(value = "hello", required = true) Hello hello)
      implements WorkerFrame {
    /** Checks that the introduction is there. */
    public HelloFrame {
      Objects.requireNonNull(hello, "hello");
    }
  }

  /**
   * The worker is alive: {@code {"heartbeat": <epoch ms>}}, every {@code heartbeat_millis}.
   *
   * @param heartbeat the worker's clock, in milliseconds since the epoch (not checked against ours)
   */
  record HeartbeatFrame(@JsonProperty(value = "heartbeat", required = true) long heartbeat)
      implements WorkerFrame {}

  /**
   * A drone protocol request from the master: {@code {"seq": N, "request": "<line>"}}.
   *
   * @param seq the request's number; a resent request keeps it
   * @param request one request line of docs/drone-protocol.md
   */
  record RequestFrame(
      @JsonProperty(value = "seq", required = true) long seq,
      @JsonProperty(value = "request", required = true) String request)
      implements WorkerFrame {
    /** Checks that the line is there. */
    public RequestFrame {
      Objects.requireNonNull(request, "request");
    }
  }

  /**
   * The worker's answer to request {@code seq}: {@code {"seq": N, "reply": "<line>"}}.
   *
   * @param seq the number of the request it answers
   * @param reply one reply line of docs/drone-protocol.md
   */
  record ReplyFrame(
      @JsonProperty(value = "seq", required = true) long seq,
      @JsonProperty(value = "reply", required = true) String reply)
      implements WorkerFrame {
    /** Checks that the line is there. */
    public ReplyFrame {
      Objects.requireNonNull(reply, "reply");
    }
  }

  /**
   * The body of a hello. The camel-case names {@code resultsRoot} and {@code heartbeatMillis} of
   * workers before 2026-12 are read too (one spelling per hello). Every field must be there: a
   * hello without one is refused, and nothing of it is applied.
   *
   * @param name the worker's name
   * @param version its Hangar version
   * @param resultsRoot its results folder, where its sessions write: an absolute path
   * @param heartbeatMillis how often it sends a heartbeat, from 1 to {@link #MAX_HEARTBEAT_MILLIS}
   */
  record Hello(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "version", required = true) String version,
      @JsonProperty(value = "results_root", required = true) @JsonAlias("resultsRoot")
          String resultsRoot,
      @JsonProperty(value = "heartbeat_millis", required = true) @JsonAlias("heartbeatMillis")
          long heartbeatMillis) {
    /** The longest heartbeat interval a worker may announce: one day. */
    public static final long MAX_HEARTBEAT_MILLIS = 86_400_000;

    /** Checks every field. */
    public Hello {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("field 'hello.name' must not be empty");
      }
      if (version == null || version.isBlank()) {
        throw new IllegalArgumentException("field 'hello.version' must not be empty");
      }
      if (resultsRoot == null || !resultsRoot.startsWith("/")) {
        throw new IllegalArgumentException(
            "field 'hello.results_root' must be the worker's results folder as an absolute path");
      }
      if (heartbeatMillis <= 0 || heartbeatMillis > MAX_HEARTBEAT_MILLIS) {
        throw new IllegalArgumentException(
            "field 'hello.heartbeat_millis' must be from 1 to "
                + MAX_HEARTBEAT_MILLIS
                + " (one day), was "
                + heartbeatMillis);
      }
    }
  }
}
