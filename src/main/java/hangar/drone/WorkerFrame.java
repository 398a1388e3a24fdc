package hangar.drone;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One text frame on a worker's link to the master. Exactly one of the fields besides {@code seq} is
 * set:
 *
 * <ul>
 *   <li>{@code hello} (worker to master, first frame): who the worker is;
 *   <li>{@code request} (master to worker): a drone protocol request line, numbered by {@code seq};
 *   <li>{@code reply} (worker to master): the reply line to request {@code seq};
 *   <li>{@code heartbeat} (worker to master): the worker's clock, in epoch milliseconds.
 * </ul>
 *
 * <p>The master sends a request again, with the same number, until its reply arrives, also over a
 * new link after a reconnect; the worker answers a number it has answered before from its memory of
 * recent replies without doing the request again. So a broken link loses nothing and doubles
 * nothing.
 *
 * @param seq the request's number
 * @param request a protocol request line
 * @param reply a protocol reply line
 * @param hello the worker's introduction
 * @param heartbeat the worker's clock
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerFrame(Long seq, String request, String reply, Hello hello, Long heartbeat) {
  /**
   * The longest frame either end takes, in characters: a {@code read} reply carries up to {@link
   * ResultsFiles#MAX_READ} bytes in base64 (about 1.4 MB), and a {@code files} reply lists a whole
   * results folder with sizes and SHA-256s, both far over the 64 KiB a WebSocket server takes by
   * default. A worker answers a longer reply with an error instead.
   */
  public static final int MAX_FRAME_CHARS = 64 << 20;

  /** Replies longer than this are not kept for a resent request: they answer reads and lists. */
  static final int MAX_REMEMBERED_CHARS = 64 << 10;

  /**
   * The worker's first frame, as docs/api.md spells it: {@code {"hello": {"name", "version",
   * "results_root", "heartbeat_millis"}}}. The camel-case names of earlier workers are read too.
   * Every field must be there: a hello without one is refused, and nothing of it is applied.
   *
   * @param name the worker's name
   * @param version its Hangar version
   * @param resultsRoot its results folder, where its sessions write: an absolute path
   * @param heartbeatMillis how often it sends a heartbeat, more than 0
   */
  public record Hello(
      @JsonProperty("name") String name,
      @JsonProperty("version") String version,
      @JsonProperty("results_root") @JsonAlias("resultsRoot") String resultsRoot,
      @JsonProperty("heartbeat_millis") @JsonAlias("heartbeatMillis") long heartbeatMillis) {
    /** Checks that every field is there. */
    public Hello {
      if (name == null || name.isBlank() || version == null || version.isBlank()) {
        throw new IllegalArgumentException("a hello needs name and version");
      }
      if (resultsRoot == null || !resultsRoot.startsWith("/")) {
        throw new IllegalArgumentException(
            "a hello needs results_root, the worker's results folder as an absolute path; was "
                + resultsRoot);
      }
      if (heartbeatMillis <= 0) {
        throw new IllegalArgumentException(
            "a hello needs heartbeat_millis, more than 0; was " + heartbeatMillis);
      }
    }
  }

  static WorkerFrame request(long seq, String line) {
    return new WorkerFrame(seq, line, null, null, null);
  }

  static WorkerFrame reply(long seq, String line) {
    return new WorkerFrame(seq, null, line, null, null);
  }

  static WorkerFrame hello(Hello hello) {
    return new WorkerFrame(null, null, null, hello, null);
  }

  static WorkerFrame beat(long millis) {
    return new WorkerFrame(null, null, null, null, millis);
  }
}
