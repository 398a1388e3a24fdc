package hangar.api;

import hangar.drone.WorkerDrone;
import hangar.drone.WorkerFrame;
import hangar.lab.Names;
import hangar.scheduler.DroneReport;
import hangar.scheduler.DroneSlots;
import hangar.scheduler.Workers;
import hangar.store.NotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drones: {@code GET /api/v1/drones} (each drone, whether it answers, its used and free slots),
 * {@code POST /api/v1/drones} (a new dial-in worker and its token), {@code PATCH
 * /api/v1/drones/{name}} (drain or return one), and the workers' link, a WebSocket at {@code
 * /api/v1/workers/{name}/link}.
 */
final class DroneRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(DroneRoutes.class);

  /** The close code for a link refused for its name or token (WebSocket's policy violation). */
  static final int REFUSED = 1008;

  private final DroneSlots drones;

  DroneRoutes(DroneSlots drones) {
    this.drones = drones;
  }

  void install(RoutesConfig routes) {
    routes.get("/api/v1/drones", this::list);
    routes.post("/api/v1/drones", this::create);
    routes.patch("/api/v1/drones/{name}", this::modify);
    routes.ws(
        "/api/v1/workers/{name}/link",
        ws -> {
          ws.onConnect(this::connected);
          ws.onMessage(ctx -> worker(ctx).ifPresent(w -> w.received(link(ctx), ctx.message())));
          ws.onBinaryMessage(
              ctx -> worker(ctx).ifPresent(w -> w.receivedBinary(link(ctx), ctx.data())));
          ws.onClose(
              ctx ->
                  worker(ctx)
                      .ifPresent(
                          w ->
                              w.detach(link(ctx), "closed: " + ctx.status() + " " + ctx.reason())));
          ws.onError(
              ctx -> worker(ctx).ifPresent(w -> w.detach(link(ctx), "failed: " + ctx.error())));
        });
  }

  private void list(Context ctx) {
    ctx.json(drones.report().stream().map(DroneJson::of).toList());
  }

  private void create(Context ctx) {
    NewWorker body = ctx.bodyAsClass(NewWorker.class);
    String name = body == null ? null : body.name();
    Names.drone(name);
    String token = workers().create(name);
    ctx.status(201).json(Map.of("name", name, "kind", DroneSlots.KIND_WORKER, "token", token));
  }

  private void modify(Context ctx) {
    String name = ctx.pathParam("name");
    DroneChange body = ctx.bodyAsClass(DroneChange.class);
    if (body == null || body.enabled() == null) {
      throw new IllegalArgumentException(
          "say what to change: {\"enabled\": false} drains the drone, true returns it");
    }
    workers().store().setEnabled(name, body.enabled());
    ctx.json(
        drones.report().stream()
            .filter(d -> d.name().equals(name))
            .findFirst()
            .map(DroneJson::of)
            .orElseThrow(
                () -> new NotFoundException("no drone " + Names.quote(name) + " runs now")));
  }

  private Workers workers() {
    return drones
        .workers()
        .orElseThrow(() -> new IllegalStateException("this server keeps no drone records"));
  }

  private void connected(WsContext ctx) {
    String name = ctx.pathParam("name");
    String auth = ctx.header("Authorization");
    String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).strip() : null;
    java.util.Optional<WorkerDrone> worker = drones.workers().flatMap(w -> w.get(name));
    if (worker.isEmpty() || !drones.workers().get().store().tokenMatches(name, token)) {
      LOG.warn("refused a worker link for '{}': unknown worker or wrong token", name);
      ctx.closeSession(
          REFUSED, "unknown worker or wrong token; create it with 'hangar drone create'");
      return;
    }
    // Only a worker that proved who it is may send frames this long: replies carry up to a MiB
    // of a results file in base64, far more than Jetty's default 64 KiB.
    ctx.session.setMaxTextMessageSize(WorkerFrame.MAX_FRAME_CHARS);
    // A streamed results folder comes in binary frames of a MiB of a file each.
    ctx.session.setMaxBinaryMessageSize(hangar.drone.FolderStream.MAX_FRAME);
    ctx.attribute("link", new Link(ctx));
    worker.get().attach(link(ctx));
  }

  private java.util.Optional<WorkerDrone> worker(WsContext ctx) {
    if (ctx.attribute("link") == null) {
      return java.util.Optional.empty();
    }
    return drones.workers().flatMap(w -> w.get(ctx.pathParam("name")));
  }

  private static Link link(WsContext ctx) {
    return ctx.attribute("link");
  }

  /** A worker's link over its WebSocket. */
  private record Link(WsContext ctx) implements WorkerDrone.Link {
    @Override
    public void send(String frame) {
      synchronized (this) {
        ctx.send(frame);
      }
    }

    @Override
    public void close(String why) {
      ctx.closeSession(1001, shortened(why));
    }

    @Override
    public void refuse(String why) {
      ctx.closeSession(REFUSED, shortened(why));
    }

    /** A close reason fits in 123 bytes of UTF-8; a longer one is cut, and ends in "...". */
    private static String shortened(String why) {
      if (why.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 123) {
        return why;
      }
      StringBuilder cut = new StringBuilder();
      int bytes = 0;
      for (int c : why.codePoints().toArray()) {
        int size =
            new String(Character.toChars(c))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                .length;
        if (bytes + size > 120) {
          break;
        }
        cut.appendCodePoint(c);
        bytes += size;
      }
      return cut + "...";
    }
  }

  record NewWorker(String name) {}

  record DroneChange(Boolean enabled) {}

  /**
   * A drone as the API shows it; {@code state} is {@code online}, {@code offline} or {@code
   * disabled}.
   */
  record DroneJson(
      String name,
      String kind,
      String state,
      int running,
      int capacity,
      int free,
      String version,
      Instant lastHeartbeat) {
    static DroneJson of(DroneReport d) {
      return new DroneJson(
          d.name(),
          d.kind(),
          d.state(),
          d.running(),
          d.capacity(),
          d.free(),
          d.version(),
          d.lastHeartbeat());
    }
  }
}
