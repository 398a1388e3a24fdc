package hangar.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.drone.LocalDrone;
import hangar.drone.WorkerDrone;
import hangar.drone.WorkerFrame;
import java.nio.file.Path;

/**
 * A worker's link carried straight to a drone daemon on this machine, without the network: what
 * {@code hangar drone --master} does over its WebSocket (each request line goes to its daemon, the
 * reply comes back under the request's number). {@link #cut} drops the link as a pulled cable does,
 * so the worker is offline while its daemon's sessions go on; {@link #restore} brings it back.
 */
public final class DaemonLink implements WorkerDrone.Link {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WorkerDrone worker;
  private final LocalDrone daemon;
  private Path resultsRoot;
  private final java.util.Set<String> failing = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private DaemonLink(WorkerDrone worker, LocalDrone daemon) {
    this.worker = worker;
    this.daemon = daemon;
  }

  /**
   * Connects {@code worker} to {@code daemon}, saying hello as a worker whose sessions write under
   * {@code resultsRoot}.
   *
   * @return the link, up
   */
  public static DaemonLink connect(WorkerDrone worker, LocalDrone daemon, Path resultsRoot) {
    DaemonLink link = new DaemonLink(worker, daemon);
    worker.attach(link);
    link.resultsRoot = resultsRoot;
    link.hello();
    return link;
  }

  /** Drops the link: the worker is offline until {@link #restore}. */
  public void cut() {
    worker.detach(this, "link cut by the test");
  }

  /** Connects the worker again over this link. */
  public void restore() {
    worker.attach(this);
    hello();
  }

  private void hello() {
    worker.received(
        this,
        write(
            new WorkerFrame.HelloFrame(
                new WorkerFrame.Hello(worker.name(), "test", resultsRoot.toString(), 1000))));
  }

  /**
   * From now on, requests of {@code op} (such as {@code abort}) get the answer of a daemon whose
   * disk failed ({@code internal}) instead of reaching it; the others go through.
   */
  public void failRequests(String op) {
    failing.add(op);
  }

  /** Requests of {@code op} reach the daemon again. */
  public void passRequests(String op) {
    failing.remove(op);
  }

  @Override
  public void send(String frame) {
    WorkerFrame.RequestFrame request;
    try {
      request = JSON.readValue(frame, WorkerFrame.RequestFrame.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the master sent a frame that is not a request: " + frame, e);
    }
    String reply =
        failing.contains(op(request.request()))
            ? "{\"ok\":false,\"error\":\"internal\",\"message\":\"the drone's disk failed"
                + " (made to fail by the test)\"}"
            : daemon.exchangeLine(request.request());
    worker.received(this, write(new WorkerFrame.ReplyFrame(request.seq(), reply)));
  }

  @Override
  public void close(String why) {
    worker.detach(this, why);
  }

  @Override
  public void refuse(String why) {
    throw new IllegalStateException("the server refused the worker's frame: " + why);
  }

  private static String op(String requestLine) {
    try {
      return JSON.readTree(requestLine).path("op").asText();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the master sent a request that is not JSON", e);
    }
  }

  private static String write(WorkerFrame frame) {
    try {
      return JSON.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a worker frame", e);
    }
  }
}
