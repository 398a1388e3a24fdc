package hangar.cli;

import hangar.config.GlobalConfig;
import hangar.server.DataDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Option;

/** The options every long-running role shares: where its data and its config are. */
final class RoleOptions {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Data directory: H2 database, results, drone, admin token (default: ./var).")
  Path data = Path.of(DataDirectory.DEFAULT); // not ServerRole's: its class would start logging

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "global_config.ini to read (default: $HANGAR_CONFIG, then ./global_config.ini, else"
              + " built-in defaults).")
  Path config;

  /**
   * Reads the configuration these options name and prints its warnings.
   *
   * @throws hangar.config.ConfigException naming the file, line and key of a bad value
   */
  GlobalConfig load(PrintWriter err) {
    GlobalConfig settings = GlobalConfig.locate(config);
    settings.warnings().forEach(w -> err.println("warning: " + w));
    return settings;
  }

  /**
   * Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then runs {@code stop} from the
   * shutdown hook so the role ends cleanly before the process does.
   */
  static void runUntilStopped(Runnable stop) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("hangar-shutdown")
                .unstarted(
                    () -> {
                      stop.run();
                      stopped.countDown();
                    }));
    stopped.await();
  }
}
