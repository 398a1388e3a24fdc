package hangar.web;

import hangar.lab.EntryStatus;
import hangar.lab.HostStatus;
import hangar.scheduler.DroneReport;
import hangar.store.LabSummaryStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;

/** {@code /}: the queue by priority, the hosts by status, the drones and the latest failures. */
public final class DashboardPage {
  /** How many failures the page lists. */
  static final int FAILURES = 10;

  private final WebUi ui;
  private final WebUi.Sources sources;

  DashboardPage(WebUi ui, WebUi.Sources sources) {
    this.ui = ui;
    this.sources = sources;
  }

  void install(RoutesConfig routes) {
    routes.get("/", ctx -> ui.render(ctx, "dashboard.jte", model(ctx)));
    routes.get("/live/dashboard", ctx -> ui.render(ctx, "live/dashboard.jte", model(ctx)));
  }

  /**
   * What the dashboard shows.
   *
   * @param frame the page's frame
   * @param queue the unfinished entries by priority and status
   * @param hosts the hosts by status
   * @param drones each drone with its slots
   * @param failures the latest failed entries
   */
  public record Model(
      WebUi.Frame frame,
      LabSummaryStore.Queue queue,
      LabSummaryStore.Hosts hosts,
      List<DroneReport> drones,
      List<LabSummaryStore.Failure> failures) {
    /** The statuses the queue table has a column for, in the order entries pass them. */
    public List<EntryStatus> columns() {
      return Arrays.stream(EntryStatus.values()).filter(s -> !s.isComplete()).toList();
    }

    /** The host statuses, in their order. */
    public List<HostStatus> hostStatuses() {
      return List.of(HostStatus.values());
    }

    /** A priority's name, or its number when it has none. */
    public String priorityName(int value) {
      return Format.priority(value);
    }
  }

  private Model model(Context ctx) {
    return new Model(
        ui.frame(ctx, "Dashboard", "dashboard"),
        sources.summary().queue(),
        sources.summary().hosts(),
        sources.drones().report(),
        sources.summary().recentFailures(FAILURES));
  }
}
