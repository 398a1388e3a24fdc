package hangar.api;

import hangar.scheduler.DroneReport;
import hangar.scheduler.DroneSlots;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;

/** {@code GET /api/v1/drones}: each drone, whether it answers, and its used and free slots. */
final class DroneRoutes {
  private final DroneSlots drones;

  DroneRoutes(DroneSlots drones) {
    this.drones = drones;
  }

  void install(RoutesConfig routes) {
    routes.get("/api/v1/drones", this::list);
  }

  private void list(Context ctx) {
    ctx.json(drones.report().stream().map(DroneJson::of).toList());
  }

  /** A drone as the API shows it; {@code state} is {@code online} or {@code offline}. */
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
          d.online() ? "online" : "offline",
          d.running(),
          d.capacity(),
          d.free(),
          d.version(),
          d.lastHeartbeat());
    }
  }
}
