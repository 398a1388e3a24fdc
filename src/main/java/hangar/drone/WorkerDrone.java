package hangar.drone;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker that dials the master (LAVA's remote worker): the master's side of its link. The worker
 * connects to {@code /api/v1/workers/<name>/link} with its token; this object then carries drone
 * protocol requests over that link, numbered and sent again until answered (see {@link
 * WorkerFrame}). Between links the worker counts as offline; requests wait a while for it to come
 * back, then fail as unreachable, and the scheduler tries again next tick.
 */
public final class WorkerDrone extends ProtocolDrone {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerDrone.class);

  /** How long one request waits for its reply, reconnects included. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  /** How long a request waits on one link before sending itself again. */
  static final Duration RESEND_AFTER = Duration.ofSeconds(5);

  /** Heartbeats a worker may miss before its link is taken for dead and closed. */
  public static final int MISSED_HEARTBEATS = 3;

  /** How long a new link may stay without a hello before it is closed. */
  public static final Duration HELLO_WITHIN = Duration.ofSeconds(30);

  /** A link to the worker: a way to send it text frames, and to close it. */
  public interface Link {
    /** Sends one text frame; throws if the link is broken. */
    void send(String frame);

    /** Closes the link, saying why. */
    void close(String why);

    /** Closes the link because the worker sent what it may not, saying what. */
    void refuse(String why);
  }

  private final String name;
  private final Clock clock;
  private final ProtocolClient client;
  private final WorkerCalls calls;
  private final Object linkChanged = new Object();
  // The newest link, and once its worker said hello on it, the link requests go over.
  private volatile Link opened;
  private volatile Instant openedAt;
  private volatile Link link;
  private volatile WorkerFrame.Hello hello;
  private volatile Instant lastHeard;

  /**
   * @param name the worker's name, as created with {@code hangar drone create}
   * @param clock tells heartbeat times
   */
  public WorkerDrone(String name, Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.calls = new WorkerCalls(this);
    this.client = new ProtocolClient(calls::exchange, this::unreachable);
  }

  @Override
  ProtocolClient client() {
    return client;
  }

  @Override
  public String name() {
    return name;
  }

  /** True while a link is up and its worker has said hello. */
  public boolean connected() {
    return link != null;
  }

  /** When the worker was last heard from (hello, heartbeat or reply), or null. */
  public Instant lastHeard() {
    return lastHeard;
  }

  /**
   * A worker connected: this link replaces any older one (which is closed). Requests go over it
   * once the worker said hello on it.
   *
   * @param newLink the new link
   */
  public void attach(Link newLink) {
    List<Link> old = new ArrayList<>();
    synchronized (linkChanged) {
      for (Link l : new Link[] {opened, link}) {
        if (l != null && l != newLink && !old.contains(l)) {
          old.add(l);
        }
      }
      opened = newLink;
      link = null;
      openedAt = clock.instant();
    }
    old.forEach(l -> l.close("replaced by a new link from the worker"));
    LOG.info("worker {} connected; waiting for its hello", name);
  }

  /** A link closed; nothing if it was already replaced. */
  public void detach(Link closed, String why) {
    synchronized (linkChanged) {
      if (opened != closed) {
        return;
      }
      opened = null;
      link = null;
    }
    LOG.warn("worker {} disconnected: {}", name, why);
  }

  /**
   * Takes one frame from the worker. A frame that is not exactly one of {@link WorkerFrame}'s
   * (unknown, missing or mistyped fields), a first frame that is not a hello, a second hello, or a
   * request closes the link with the reason (WebSocket status 1008) and changes nothing. A reply to
   * a number nobody waits for (answered already, or given up) is dropped.
   *
   * @param from the link it came on
   * @param text the frame
   */
  public void received(Link from, String text) {
    if (from != opened) {
      LOG.debug("worker {} sent a frame on a link already replaced; dropped", name);
      return;
    }
    WorkerFrame frame;
    try {
      frame = WorkerFrames.parse(text);
    } catch (IllegalArgumentException e) {
      refuse(from, e.getMessage());
      return;
    }
    boolean greeted = link == from;
    switch (frame) {
      case WorkerFrame.HelloFrame h when greeted ->
          refuse(from, "a second hello on one link; a worker says hello once, first");
      case WorkerFrame.HelloFrame h when !h.hello().name().equals(name) ->
          refuse(
              from,
              "field 'hello.name' is '"
                  + WorkerFrames.quote(h.hello().name())
                  + "', but this link is worker "
                  + name
                  + "'s");
      case WorkerFrame.HelloFrame h -> greet(from, h.hello());
      case WorkerFrame frameBeforeHello when !greeted ->
          refuse(
              from,
              "the first frame must be a hello; this was a " + WorkerFrames.kind(frameBeforeHello));
      case WorkerFrame.RequestFrame r ->
          refuse(from, "a worker answers requests and sends none; this was request " + r.seq());
      case WorkerFrame.HeartbeatFrame b -> lastHeard = clock.instant();
      case WorkerFrame.ReplyFrame r -> {
        lastHeard = clock.instant();
        calls.replied(r.seq(), r.reply());
      }
    }
  }

  /**
   * Takes one binary frame from the worker: a piece of a folder it streams ({@link FolderStream}).
   * A binary frame before the hello, or one too short to name its stream, closes the link; one of a
   * stream nobody waits for (given up) is dropped.
   *
   * @param from the link it came on
   * @param frame the frame
   */
  public void receivedBinary(Link from, java.nio.ByteBuffer frame) {
    if (from != link) {
      if (from == opened) {
        refuse(from, "a binary frame before the hello");
      }
      return;
    }
    lastHeard = clock.instant();
    long number;
    try {
      number = FolderStream.seqOf(frame);
    } catch (IllegalArgumentException e) {
      refuse(from, e.getMessage());
      return;
    }
    calls.streamed(number, frame);
  }

  private void greet(Link from, WorkerFrame.Hello introduced) {
    synchronized (linkChanged) {
      if (opened != from) {
        return;
      }
      hello = introduced;
      lastHeard = clock.instant();
      link = from;
      linkChanged.notifyAll();
    }
    LOG.info(
        "worker {} runs Hangar {}, results in {}, heartbeat every {} ms",
        name,
        WorkerFrames.quote(introduced.version()),
        introduced.resultsRoot(),
        introduced.heartbeatMillis());
  }

  private void refuse(Link from, String why) {
    LOG.warn("worker {} sent what it may not; its link is closed: {}", name, why);
    detach(from, why);
    from.refuse(why);
  }

  /**
   * Closes the link when the worker missed {@link #MISSED_HEARTBEATS} heartbeats (a link that broke
   * without a close, a cable pulled, is found this way), or said no hello within {@link
   * #HELLO_WITHIN}. Called by the server now and then.
   */
  public void checkHeartbeat() {
    Link current = link;
    WorkerFrame.Hello h = hello;
    Instant heard = lastHeard;
    Link waitingForHello = opened;
    Instant since = openedAt;
    if (current == null && waitingForHello != null && since != null) {
      Duration silent = Duration.between(since, clock.instant());
      if (silent.compareTo(HELLO_WITHIN) > 0) {
        String why = "no hello within " + HELLO_WITHIN.toSeconds() + " s of connecting";
        detach(waitingForHello, why);
        waitingForHello.close(why);
      }
      return;
    }
    if (current == null || h == null || heard == null) {
      return;
    }
    Duration silent = Duration.between(heard, clock.instant());
    if (silent.toMillis() > h.heartbeatMillis() * MISSED_HEARTBEATS) {
      String why = "no heartbeat for " + silent.toMillis() + " ms";
      detach(current, why);
      current.close(why);
    }
  }

  /**
   * Has the worker stream a results folder into {@code target} ({@code send-folder}), each file
   * checked as it arrives: see {@link WorkerCalls#sendFolder}.
   *
   * @return the worker's list of the folders and files sent
   * @throws DroneRequestException {@code bad-request} from a worker too old to stream folders, or
   *     {@code not-found} when the folder is not there
   */
  public List<DroneFile> sendFolder(String folder, java.nio.file.Path target)
      throws java.io.IOException {
    return calls.sendFolder(folder, target, client);
  }

  /** The worker's own results folder, as its hello said; its results are copied back. */
  @Override
  public Optional<String> resultsRoot() {
    WorkerFrame.Hello h = hello;
    return Optional.of(h == null ? "" : h.resultsRoot());
  }

  @Override
  public String toString() {
    return "WorkerDrone[" + name + (link == null ? ", offline" : ", online") + "]";
  }

  /** The link requests go over now, or null when the worker is offline. */
  Link currentLink() {
    return link;
  }

  /** Waits for a link until {@code deadline} ({@link System#nanoTime()}); null if none came. */
  Link awaitLink(long deadline) throws InterruptedException {
    synchronized (linkChanged) {
      while (link == null) {
        long left = WorkerCalls.remainingMillis(deadline);
        if (left <= 0) {
          return null;
        }
        linkChanged.wait(left);
      }
      return link;
    }
  }

  /** The exception for a worker that cannot be reached, saying what to check. */
  DroneUnreachableException unreachable(String what, Throwable cause) {
    String message =
        what
            + "; check that 'hangar drone --master URL --name "
            + name
            + " --token TOKEN' runs on the worker and reaches this server";
    return cause == null
        ? new DroneUnreachableException(message)
        : new DroneUnreachableException(message, cause);
  }
}
