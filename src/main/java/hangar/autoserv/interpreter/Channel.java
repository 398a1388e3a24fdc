package hangar.autoserv.interpreter;

import groovy.lang.Closure;
import groovy.lang.Script;
import hangar.autoserv.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One session's line to the drone: the DSL objects of a control file send their calls through it
 * and wait for the reply. It knows which branch the calling thread runs (0 outside {@code
 * job.parallel} and {@code parallel_simple}) and keeps the closures handed to the drone as
 * branches, by number.
 */
final class Channel {
  private final String session;
  private final FrameStream stream;
  private final AtomicLong calls = new AtomicLong();
  private final Map<Long, CompletableFuture<Frame.Reply>> pending = new ConcurrentHashMap<>();
  private final ThreadLocal<Long> branch = ThreadLocal.withInitial(() -> 0L);
  private final AtomicLong bodyNumbers = new AtomicLong();
  private final Map<Long, Body> bodies = new ConcurrentHashMap<>();

  Channel(String session, FrameStream stream) {
    this.session = session;
    this.stream = stream;
  }

  String session() {
    return session;
  }

  /**
   * Calls the DSL on the drone and waits for its reply.
   *
   * @return what the call returned, as JSON values
   * @throws CallFailedException if the drone refused or the call failed
   * @throws ScriptAbortedException if the session is aborted meanwhile
   */
  Object call(String target, String method, Object... args) {
    List<Object> encoded = new ArrayList<>(args.length);
    for (Object arg : args) {
      encoded.add(WireValues.encode(arg, target + "." + method));
    }
    long number = calls.incrementAndGet();
    CompletableFuture<Frame.Reply> reply = new CompletableFuture<>();
    pending.put(number, reply);
    try {
      stream.write(new Frame.Call(session, number, branch.get(), target, method, encoded));
      Frame.Reply answer = reply.get();
      if (answer.error() != null) {
        throw CallFailedException.from(answer.error());
      }
      return answer.value();
    } catch (IOException e) {
      throw new UncheckedIOException("the drone closed the interpreter's line", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ScriptAbortedException();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a reply failed: " + e.getCause(), e.getCause());
    } finally {
      pending.remove(number);
    }
  }

  /** Hands the drone's reply to the call waiting for it; a reply nobody waits for is dropped. */
  void reply(Frame.Reply reply) {
    CompletableFuture<Frame.Reply> waiting = pending.get(reply.call());
    if (waiting != null) {
      waiting.complete(reply);
    }
  }

  /**
   * Numbers a closure that is to run as a branch, for the drone to name it back, and notes how
   * deeply the calling thread nests so that the branch starts there.
   */
  long register(Closure<?> body) {
    long number = bodyNumbers.incrementAndGet();
    int depth = body.getThisObject() instanceof Script script ? Sandbox.depth(script) : 0;
    bodies.put(number, new Body(body, depth));
    return number;
  }

  /**
   * The closure numbered {@code number}, with the calling thread set at the depth it was handed
   * over at; the drone can only name one the session handed it.
   */
  Closure<?> enterBody(long number) {
    Body body = bodies.get(number);
    if (body == null) {
      throw new IllegalArgumentException("no closure " + number + " in session " + session);
    }
    if (body.closure().getThisObject() instanceof Script script) {
      Sandbox.resumeDepth(script, body.depth());
    }
    return body.closure();
  }

  /** A closure handed to the drone as a branch, and the depth it was handed over at. */
  private record Body(Closure<?> closure, int depth) {}

  /** Makes the calling thread the given branch, or the main one for 0. */
  void enterBranch(long number) {
    branch.set(number);
  }

  void leaveBranch() {
    branch.remove();
  }

  void send(Frame frame) throws IOException {
    stream.write(frame);
  }
}
