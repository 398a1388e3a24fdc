package hangar.drone;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests a {@link WorkerDrone} sends over its worker's link: each numbered, its reply (and
 * for {@code send-folder}, its binary frames) matched back to it by number.
 */
final class WorkerCalls {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerCalls.class);

  private final WorkerDrone worker;
  // Numbers grow across server restarts too (they start from the clock), so a worker never
  // answers a new request from its memory of an old one.
  private final AtomicLong seq = new AtomicLong(System.currentTimeMillis() * 1000);
  private final Map<Long, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();
  private final Map<Long, FolderStream.Receiver> streams = new ConcurrentHashMap<>();

  WorkerCalls(WorkerDrone worker) {
    this.worker = worker;
  }

  /** A reply came for request {@code number}; dropped when nobody waits for it. */
  void replied(long number, String reply) {
    CompletableFuture<String> pending = waiting.get(number);
    if (pending == null) {
      LOG.debug(
          "worker {} answered request {}, which nobody waits for; dropped", worker.name(), number);
    } else {
      pending.complete(reply);
    }
  }

  /** A binary frame came for request {@code number}; dropped when its stream was given up. */
  void streamed(long number, java.nio.ByteBuffer frame) {
    FolderStream.Receiver receiver = streams.get(number);
    if (receiver == null) {
      LOG.debug(
          "worker {} sent a folder frame of request {}, given up; dropped", worker.name(), number);
    } else {
      receiver.accept(frame);
    }
  }

  /**
   * Sends a request and waits for its reply, sending it again (same number) on each new link and
   * every few seconds, until {@link #WorkerDrone.CALL_TIMEOUT}.
   */
  String exchange(String line) {
    long number = seq.incrementAndGet();
    CompletableFuture<String> reply = new CompletableFuture<>();
    waiting.put(number, reply);
    String frame = WorkerFrames.write(new WorkerFrame.RequestFrame(number, line));
    long deadline = System.nanoTime() + WorkerDrone.CALL_TIMEOUT.toNanos();
    if (worker.currentLink() == null) {
      waiting.remove(number);
      // Offline: fail at once rather than hold the scheduler's tick.
      throw worker.unreachable("worker " + worker.name() + " is not connected", null);
    }
    try {
      WorkerDrone.Link sentOn = null;
      long sentAt = 0;
      while (true) {
        WorkerDrone.Link current = worker.awaitLink(deadline);
        if (current == null) {
          throw worker.unreachable("worker " + worker.name() + " is not connected", null);
        }
        if (current != sentOn || System.nanoTime() - sentAt > WorkerDrone.RESEND_AFTER.toNanos()) {
          try {
            current.send(frame);
          } catch (RuntimeException e) {
            worker.detach(current, "sending failed: " + e);
            continue;
          }
          sentOn = current;
          sentAt = System.nanoTime();
        }
        try {
          return reply.get(Math.min(200, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          if (remainingMillis(deadline) <= 0) {
            throw worker.unreachable(
                "worker " + worker.name() + " did not answer within " + WorkerDrone.CALL_TIMEOUT,
                null);
          }
        } catch (ExecutionException e) {
          throw failed(e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw worker.unreachable("interrupted while waiting for worker " + worker.name(), e);
    } finally {
      waiting.remove(number);
    }
  }

  /**
   * Has the worker stream a results folder into {@code target} ({@code send-folder}), each file
   * checked as it arrives. The request is sent once: a link that breaks, or a stream that moves
   * nothing for {@link #WorkerDrone.CALL_TIMEOUT}, fails the copy, which is taken again whole.
   *
   * @param folder the folder under the worker's results folder
   * @param target where the copy goes; what is there is replaced
   * @return the worker's list of the folders and files sent
   * @throws DroneRequestException {@code bad-request} from a worker too old to stream folders, or
   *     {@code not-found} when the folder is not there
   */
  List<DroneFile> sendFolder(String folder, java.nio.file.Path target, ProtocolClient client)
      throws java.io.IOException {
    WorkerDrone.Link sentOn = worker.currentLink();
    if (sentOn == null) {
      throw worker.unreachable("worker " + worker.name() + " is not connected", null);
    }
    long number = seq.incrementAndGet();
    FolderStream.Receiver receiver = new FolderStream.Receiver(target);
    CompletableFuture<String> reply = new CompletableFuture<>();
    streams.put(number, receiver);
    waiting.put(number, reply);
    try {
      try {
        sentOn.send(
            WorkerFrames.write(
                new WorkerFrame.RequestFrame(number, client.line(new Request.SendFolder(folder)))));
      } catch (RuntimeException e) {
        worker.detach(sentOn, "sending failed: " + e);
        throw worker.unreachable("sending to worker " + worker.name() + " failed: " + e, e);
      }
      while (true) {
        try {
          Reply answer = client.answer(reply.get(1, TimeUnit.SECONDS));
          List<DroneFile> sent = answer.files() == null ? List.of() : answer.files();
          receiver.finish(sent);
          return sent;
        } catch (TimeoutException e) {
          if (worker.currentLink() != sentOn) {
            throw worker.unreachable(
                "the link to worker " + worker.name() + " broke while it sent " + folder, null);
          }
          if (System.nanoTime() - receiver.lastFrame() > WorkerDrone.CALL_TIMEOUT.toNanos()) {
            throw worker.unreachable(
                "worker "
                    + worker.name()
                    + " sent nothing of "
                    + folder
                    + " for "
                    + WorkerDrone.CALL_TIMEOUT,
                null);
          }
        }
      }
    } catch (ExecutionException e) {
      throw failed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw worker.unreachable("interrupted while worker " + worker.name() + " sent " + folder, e);
    } finally {
      streams.remove(number);
      waiting.remove(number);
      receiver.abandon();
    }
  }

  /** A reply that completed with a failure: the worker is unreachable for this request. */
  private DroneUnreachableException failed(ExecutionException e) {
    return worker.unreachable("worker " + worker.name() + " failed: " + e.getCause(), e.getCause());
  }

  static long remainingMillis(long deadline) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }
}
