package hangar.drone;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
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
  private static final Duration RESEND_AFTER = Duration.ofSeconds(5);

  /** Heartbeats a worker may miss before its link is taken for dead and closed. */
  public static final int MISSED_HEARTBEATS = 3;

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
  private final ObjectMapper json = DroneJson.create();
  private final ProtocolClient client;
  // Numbers grow across server restarts too (they start from the clock), so a worker never
  // answers a new request from its memory of an old one.
  private final AtomicLong seq = new AtomicLong(System.currentTimeMillis() * 1000);
  private final Map<Long, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();
  private final Object linkChanged = new Object();
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
    this.client = new ProtocolClient(this::exchange, this::unreachable);
  }

  @Override
  ProtocolClient client() {
    return client;
  }

  @Override
  public String name() {
    return name;
  }

  /** True while a link is up. */
  public boolean connected() {
    return link != null;
  }

  /** When the worker was last heard from (hello, heartbeat or reply), or null. */
  public Instant lastHeard() {
    return lastHeard;
  }

  /**
   * A worker connected: this link replaces any older one (which is closed).
   *
   * @param newLink the new link
   */
  public void attach(Link newLink) {
    Link old;
    synchronized (linkChanged) {
      old = link;
      link = newLink;
      lastHeard = clock.instant();
      linkChanged.notifyAll();
    }
    if (old != null && old != newLink) {
      old.close("replaced by a new link from the worker");
    }
    LOG.info("worker {} connected", name);
  }

  /** A link closed; nothing if it was already replaced. */
  public void detach(Link closed, String why) {
    synchronized (linkChanged) {
      if (link != closed) {
        return;
      }
      link = null;
    }
    LOG.warn("worker {} disconnected: {}", name, why);
  }

  /**
   * Takes one frame from the worker. Something that is not a frame, or a hello that lacks a field,
   * closes the link with the reason (WebSocket status 1008) and changes nothing.
   *
   * @param from the link it came on
   */
  public void received(Link from, String text) {
    WorkerFrame frame;
    try {
      frame = json.readValue(text, WorkerFrame.class);
    } catch (JsonProcessingException e) {
      String why = "not a frame: " + e.getOriginalMessage();
      if (e.getCause() instanceof IllegalArgumentException refused) {
        why = refused.getMessage();
      }
      LOG.warn("worker {} sent what it may not; its link is closed: {}", name, why);
      detach(from, why);
      from.refuse(why);
      return;
    }
    lastHeard = clock.instant();
    if (frame.hello() != null) {
      hello = frame.hello();
      LOG.info(
          "worker {} runs Hangar {}, results in {}, heartbeat every {} ms",
          name,
          hello.version(),
          hello.resultsRoot(),
          hello.heartbeatMillis());
    } else if (frame.reply() != null && frame.seq() != null) {
      CompletableFuture<String> pending = waiting.get(frame.seq());
      if (pending != null) {
        pending.complete(frame.reply());
      }
    }
  }

  /**
   * Closes the link when the worker missed {@link #MISSED_HEARTBEATS} heartbeats: a link that broke
   * without a close (a cable pulled) is found this way. Called by the server now and then.
   */
  public void checkHeartbeat() {
    Link current = link;
    WorkerFrame.Hello h = hello;
    Instant heard = lastHeard;
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

  /**
   * Sends a request and waits for its reply, sending it again (same number) on each new link and
   * every few seconds, until {@link #CALL_TIMEOUT}.
   */
  private String exchange(String line) {
    long number = seq.incrementAndGet();
    CompletableFuture<String> reply = new CompletableFuture<>();
    waiting.put(number, reply);
    String frame;
    try {
      frame = json.writeValueAsString(WorkerFrame.request(number, line));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a worker frame; bug", e);
    }
    long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
    if (link == null) {
      waiting.remove(number);
      // Offline: fail at once rather than hold the scheduler's tick.
      throw unreachable("worker " + name + " is not connected", null);
    }
    try {
      Link sentOn = null;
      long sentAt = 0;
      while (true) {
        Link current = awaitLink(deadline);
        if (current == null) {
          throw unreachable("worker " + name + " is not connected", null);
        }
        if (current != sentOn || System.nanoTime() - sentAt > RESEND_AFTER.toNanos()) {
          try {
            current.send(frame);
          } catch (RuntimeException e) {
            detach(current, "sending failed: " + e);
            continue;
          }
          sentOn = current;
          sentAt = System.nanoTime();
        }
        try {
          return reply.get(Math.min(200, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          if (remainingMillis(deadline) <= 0) {
            throw unreachable("worker " + name + " did not answer within " + CALL_TIMEOUT, null);
          }
        } catch (ExecutionException e) {
          throw unreachable("worker " + name + " failed: " + e.getCause(), e.getCause());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("interrupted while waiting for worker " + name, e);
    } finally {
      waiting.remove(number);
    }
  }

  private Link awaitLink(long deadline) throws InterruptedException {
    synchronized (linkChanged) {
      while (link == null) {
        long left = remainingMillis(deadline);
        if (left <= 0) {
          return null;
        }
        linkChanged.wait(left);
      }
      return link;
    }
  }

  private static long remainingMillis(long deadline) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  private DroneUnreachableException unreachable(String what, Throwable cause) {
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
