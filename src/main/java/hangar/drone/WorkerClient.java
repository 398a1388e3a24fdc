package hangar.drone;

import hangar.tls.ClientTls;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's side of its link to the master ({@code hangar drone --master URL --name NAME --token
 * TOKEN}): dials {@code /api/v1/workers/NAME/link} over one WebSocket, introduces itself, sends a
 * heartbeat, and answers the master's numbered requests with its own drone daemon. When the link
 * breaks it dials again, waiting 1 s, then twice as long each time up to 30 s. A request number
 * already answered is answered again from memory, not done twice.
 */
public final class WorkerClient {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerClient.class);

  /** The longest pause between two dials. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** Replies longer than this are not kept for a resent request: they answer reads and lists. */
  static final int MAX_REMEMBERED_CHARS = 64 << 10;

  /** How many answered request numbers are remembered. */
  static final int REMEMBERED = 4096;

  private final URI link;
  private final String name;
  private final String token;
  private final LocalDrone drone;
  private final Duration heartbeat;
  private final ClientTls tls;
  private final HttpClient http;
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = DroneJson.create();

  private final Map<Long, CompletableFuture<String>> answers = new ConcurrentHashMap<>();
  private final ResultsFiles results;
  private volatile long highest;

  /**
   * @param master the master's URL, such as {@code http://hangar.example.org:8080}
   * @param name the worker's name
   * @param token its token
   * @param drone the daemon that runs its sessions
   * @param heartbeat how often it tells the master it is alive
   * @param tls whom a {@code wss://} master's certificate must chain to
   */
  public WorkerClient(
      URI master, String name, String token, LocalDrone drone, Duration heartbeat, ClientTls tls) {
    String scheme =
        switch (master.getScheme() == null ? "" : master.getScheme()) {
          case "http", "ws" -> "ws";
          case "https", "wss" -> "wss";
          default ->
              throw new IllegalArgumentException(
                  "--master must be an http:// or https:// URL, was " + master);
        };
    String base = master.toString().replaceFirst("^[a-z]+://", scheme + "://");
    this.link = URI.create(base.replaceAll("/+$", "") + "/api/v1/workers/" + name + "/link");
    this.name = name;
    this.token = token;
    this.drone = drone;
    this.results = new ResultsFiles(ResultsFiles.rootOf(drone.droneDir()));
    this.heartbeat = heartbeat;
    this.tls = tls;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .sslContext(tls.sslContext())
            .build();
    if (scheme.equals("ws") && !isLoopback(link.getHost())) {
      LOG.warn(
          "the link to {} is plain: the worker's token and its results cross the network in"
              + " clear; give the master's https:// URL once it serves HTTPS (docs/tls.md)",
          link);
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return host != null && InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false; // dialling it fails with its own message
    }
  }

  /** Dials the master and serves it until interrupted, dialling again whenever the link breaks. */
  public void run() throws InterruptedException {
    Duration pause = Duration.ofSeconds(1);
    while (!Thread.currentThread().isInterrupted()) {
      CompletableFuture<String> closed = new CompletableFuture<>();
      WebSocket socket;
      try {
        socket =
            http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(link, new Listener(closed))
                .get(20, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        String untrusted = tls.explain(link, e).orElse(null);
        if (untrusted != null) {
          // Dialling again is right: the master's certificate may be renewed or fixed meanwhile.
          LOG.error("{}; trying again in {}", untrusted, pause);
        } else {
          LOG.warn("cannot reach the master at {}: {}; trying again in {}", link, cause(e), pause);
        }
        Thread.sleep(pause);
        pause =
            pause.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : pause.multipliedBy(2);
        continue;
      }
      pause = Duration.ofSeconds(1);
      LOG.info("worker {} linked to {}", name, link);
      Sender sender = new Sender(socket);
      try {
        sender.send(
            new WorkerFrame.HelloFrame(
                new WorkerFrame.Hello(
                    name,
                    DroneDaemon.version(),
                    ResultsFiles.rootOf(drone.droneDir()).toString(),
                    heartbeat.toMillis())));
        while (!closed.isDone()) {
          try {
            closed.get(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
          } catch (TimeoutException e) {
            sender.send(new WorkerFrame.HeartbeatFrame(System.currentTimeMillis()));
          }
        }
        LOG.warn("link to the master closed: {}; dialling again in {}", closed.getNow(""), pause);
      } catch (ExecutionException | RuntimeException e) {
        LOG.warn("link to the master broke: {}; dialling again in {}", cause(e), pause);
        socket.abort();
      }
      Thread.sleep(pause);
    }
  }

  private static String cause(Exception e) {
    Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    if (c instanceof WebSocketHandshakeException refused) {
      // The JDK's exception carries no message; the answer's status is what tells the story.
      return "it answered HTTP "
          + refused.getResponse().statusCode()
          + " instead of opening the link (a proxy in front of it must pass the WebSocket"
          + " upgrade on: docs/tls.md)";
    }
    return c.toString();
  }

  /** Answers one request frame, from memory when its number was answered before. */
  private String answer(long seq, String request, Sender sender) {
    CompletableFuture<String> mine = new CompletableFuture<>();
    CompletableFuture<String> known = answers.putIfAbsent(seq, mine);
    if (known != null) {
      LOG.debug("request {} came again; answering from memory", seq);
      return known.join();
    }
    String reply;
    try {
      reply = perform(seq, request, sender);
    } catch (RuntimeException e) {
      answers.remove(seq); // not done: the master's next try runs it
      mine.completeExceptionally(e);
      throw e;
    }
    if (reply.length() > WorkerFrame.MAX_FRAME_CHARS) {
      LOG.error(
          "reply to request {} has {} characters, more than a link frame takes",
          seq,
          reply.length());
      reply =
          Reply.json(
              Reply.refused(
                  Reply.INTERNAL,
                  "the worker's reply has "
                      + reply.length()
                      + " characters, more than a link frame takes; ask for less"));
    }
    mine.complete(reply);
    if (reply.length() > MAX_REMEMBERED_CHARS) {
      // Only reads and listings answer this much; they may run again, and memory stays small.
      answers.remove(seq, mine);
    }
    if (seq > highest) {
      highest = seq;
      answers.keySet().removeIf(n -> n < highest - REMEMBERED);
    }
    return reply;
  }

  /** Streams a folder itself ({@code send-folder}); passes every other request to the daemon. */
  private String perform(long seq, String request, Sender sender) {
    if (request.contains(FolderStream.OP)) {
      Request parsed;
      try {
        parsed = JSON.readValue(request, Request.class);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        parsed = null; // the daemon refuses it, saying why
      }
      if (parsed instanceof Request.SendFolder send) {
        return Reply.json(sendFolder(seq, send.path(), sender));
      }
    }
    return drone.exchangeLine(request);
  }

  private Reply sendFolder(long seq, String folder, Sender sender) {
    long started = System.nanoTime();
    try {
      List<DroneFile> sent = FolderStream.send(results, folder, seq, sender::sendBinary);
      LOG.info(
          "sent {} to the master: {} files in {} ms",
          folder,
          sent.stream().filter(f -> !f.directory()).count(),
          (System.nanoTime() - started) / 1_000_000);
      return Reply.files(sent);
    } catch (java.nio.file.NoSuchFileException e) {
      return Reply.refused(Reply.NOT_FOUND, "no such results folder on the worker: " + folder);
    } catch (IllegalArgumentException e) {
      return Reply.refused(Reply.BAD_REQUEST, e.getMessage());
    } catch (java.io.IOException e) {
      LOG.error("could not send {} to the master", folder, e);
      return Reply.refused(
          Reply.INTERNAL, "the worker failed reading " + folder + ": " + e + "; see its log");
    }
  }

  /** Sends frames one at a time, as the JDK's WebSocket requires. */
  private final class Sender {
    private final WebSocket socket;

    Sender(WebSocket socket) {
      this.socket = socket;
    }

    void send(WorkerFrame frame) {
      String text = WorkerFrames.write(frame);
      synchronized (WorkerClient.this) {
        socket.sendText(text, true).orTimeout(30, TimeUnit.SECONDS).join();
      }
    }

    /** Sends one binary frame; the buffer may be reused once this returns. */
    void sendBinary(java.nio.ByteBuffer frame) {
      synchronized (WorkerClient.this) {
        socket.sendBinary(frame, true).orTimeout(30, TimeUnit.SECONDS).join();
      }
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final CompletableFuture<String> closed;
    private final StringBuilder text = new StringBuilder();
    private Sender sender;

    Listener(CompletableFuture<String> closed) {
      this.closed = closed;
    }

    @Override
    public void onOpen(WebSocket socket) {
      sender = new Sender(socket);
      socket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String frame = text.toString();
        text.setLength(0);
        Thread.ofVirtual().name("hangar-worker-request").start(() -> handle(frame));
      }
      socket.request(1);
      return null;
    }

    private void handle(String text) {
      WorkerFrame frame;
      try {
        frame = WorkerFrames.parse(text);
      } catch (IllegalArgumentException e) {
        // The master is the one that decides; a frame this worker cannot read (a newer master?)
        // is logged for a human, and the link stays up for the requests it can read.
        LOG.warn("the master sent a frame this worker cannot read; ignored: {}", e.getMessage());
        return;
      }
      if (!(frame instanceof WorkerFrame.RequestFrame request)) {
        LOG.warn(
            "the master sent a {} frame, which only a worker sends; ignored",
            WorkerFrames.kind(frame));
        return;
      }
      try {
        sender.send(
            new WorkerFrame.ReplyFrame(
                request.seq(), answer(request.seq(), request.request(), sender)));
      } catch (RuntimeException e) { // one request's boundary: the master sends it again
        LOG.warn("could not answer a request of the master; it will ask again", e);
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
      closed.complete(status + " " + reason);
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      closed.complete("error: " + error);
    }
  }
}
