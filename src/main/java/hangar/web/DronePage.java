package hangar.web;

import hangar.scheduler.DroneReport;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/** {@code /drones}: every drone with its slots; admins drain, return and create workers here. */
public final class DronePage {
  private final WebUi ui;
  private final WebUi.Sources sources;

  DronePage(WebUi ui, WebUi.Sources sources) {
    this.ui = ui;
    this.sources = sources;
  }

  void install(RoutesConfig routes) {
    routes.get("/drones", this::drones);
  }

  /**
   * The drones page.
   *
   * @param frame the page's frame
   * @param drones each drone with its slots
   */
  public record Model(WebUi.Frame frame, List<DroneReport> drones) {}

  private void drones(Context ctx) {
    ui.render(
        ctx, "drones.jte", new Model(ui.frame(ctx, "Drones", "drones"), sources.drones().report()));
  }
}
