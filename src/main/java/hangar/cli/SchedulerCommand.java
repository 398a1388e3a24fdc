package hangar.cli;

import hangar.HangarException;
import hangar.config.GlobalConfig;
import hangar.results.ResultsDirectory;
import hangar.scheduler.DroneSlots;
import hangar.scheduler.LocalhostOpening;
import hangar.scheduler.SchedulerMetrics;
import hangar.scheduler.SchedulerRole;
import hangar.server.DataDirectory;
import hangar.store.Database;
import hangar.store.HostQueueEntryStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hangar scheduler}: a scheduler process of its own, one of several if need be. */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a scheduler (the dispatcher) as a process of its own, against the database the"
          + " config names, with the localhost drone under DATA/drone. Run it next to"
          + " 'hangar server --no-scheduler'; several may share one PostgreSQL or MySQL"
          + " database (or one H2 database on one machine).",
      "Each scheduler follows the entries it started. One that stops cleanly hands them over at"
          + " once; one that dies is taken over by another within 6 ticks (tick_pause_sec),"
          + " or at once when the others see its process is gone from this machine."
    })
public final class SchedulerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin RoleOptions role;

  @Override
  public Integer call() throws InterruptedException {
    Database database;
    SchedulerRole scheduler;
    try {
      GlobalConfig settings = role.load(spec.commandLine().getErr());
      Path dir = DataDirectory.prepare(role.data);
      // The localhost drone's daemon is looked for while the database opens.
      LocalhostOpening localhost = LocalhostOpening.begin(settings, dir);
      Path results =
          ResultsDirectory.create(ResultsDirectory.location(settings.scheduler(), dir)).root();
      // Shared: an H2 file is served to the other processes of this machine on loopback only.
      database = Database.openShared(settings.database(), dir);
      try {
        // This process serves no HTTP: its metrics are counted for its own log lines; the
        // server's /metrics shows the database-wide queue.
        Clock clock = Clock.systemUTC();
        DroneSlots drones = new DroneSlots(settings.scheduler().maxProcessesPerDrone(), clock);
        SchedulerMetrics metrics =
            new SchedulerMetrics(
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new HostQueueEntryStore(database, clock),
                drones);
        scheduler =
            SchedulerRole.start(
                localhost, settings, dir, results, database, metrics, drones, clock);
      } catch (RuntimeException e) {
        database.close();
        throw e;
      }
    } catch (HangarException | UncheckedIOException e) {
      spec.commandLine().getErr().println("hangar scheduler: " + e.getMessage());
      return 1;
    }
    spec.commandLine()
        .getOut()
        .println("Hangar scheduler " + scheduler.dispatcher().name() + " running");
    spec.commandLine().getOut().flush();
    RoleOptions.runUntilStopped(
        () -> {
          scheduler.close();
          database.close();
        });
    return 0;
  }
}
