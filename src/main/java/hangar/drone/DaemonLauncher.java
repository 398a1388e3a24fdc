package hangar.drone;

import hangar.PrivateFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a drone daemon as a detached child process: its own session ({@code setsid}) so that
 * Ctrl-C or the death of the starting process does not reach it, stdin from {@code /dev/null},
 * stdout and stderr appended to the drone log, and umask {@code 077}, so that everything the drone
 * and its sessions create (results, logs, the commands' own files) is its owner's alone.
 */
final class DaemonLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonLauncher.class);
  private static final Duration POLL = Duration.ofMillis(50);
  private static final String SHELL = "/bin/sh";

  private DaemonLauncher() {}

  /**
   * Starts {@code hangar drone --dir DIR} and waits until {@code answers} says it answers.
   *
   * @param runnerClass for tests, a {@link SessionRunner} class for the daemon, else null
   * @param config the configuration file the daemon reads, or null to let it look as roles do
   * @throws DroneUnreachableException if it cannot start or does not answer within {@code timeout}
   */
  static void launch(
      Path droneDir, String runnerClass, Path config, Duration timeout, BooleanSupplier answers) {
    Path log = droneDir.resolve(DroneDaemon.LOG_FILE);
    Process process;
    try {
      PrivateFiles.createDirectories(droneDir);
      // Opened here, by this process: created private whatever this process's umask.
      PrivateFiles.createFileIfAbsent(log);
      ProcessBuilder builder =
          new ProcessBuilder(command(droneDir, runnerClass, config))
              .directory(droneDir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectErrorStream(true);
      process = builder.start();
    } catch (IOException e) {
      throw new DroneUnreachableException(
          "cannot start the drone daemon in " + droneDir + ": " + e + "; see " + log, e);
    }
    LOG.info("started drone daemon pid={} in {}", process.pid(), droneDir);
    awaitAnswer(process, droneDir, timeout, answers);
  }

  private static void awaitAnswer(
      Process process, Path droneDir, Duration timeout, BooleanSupplier answers) {
    Path log = droneDir.resolve(DroneDaemon.LOG_FILE);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (!answers.getAsBoolean()) {
        // setsid may fork and exit 0 at once; only a failure status means the daemon gave up.
        if (!process.isAlive() && process.exitValue() != 0) {
          if (answers.getAsBoolean()) {
            return; // another client started the daemon first; ours lost the lock race
          }
          throw new DroneUnreachableException(
              "drone daemon in "
                  + droneDir
                  + " exited with status "
                  + process.exitValue()
                  + " while starting; see "
                  + log);
        }
        if (System.nanoTime() > deadline) {
          process.destroy();
          throw new DroneUnreachableException(
              "drone daemon in "
                  + droneDir
                  + " did not answer within "
                  + timeout
                  + "; it was stopped, see "
                  + log);
        }
        // Waits for the process to exit, at most one poll interval.
        boolean exited = process.waitFor(POLL.toNanos(), TimeUnit.NANOSECONDS);
        LOG.trace("drone daemon not answering yet, exited: {}", exited);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DroneUnreachableException(
          "interrupted while waiting for the drone daemon in " + droneDir + "; see " + log, e);
    }
  }

  /**
   * The daemon's command line: the running JVM's java, its classpath, {@code hangar.Main}, under a
   * shell that sets the umask first (a JVM cannot set its own).
   */
  static List<String> command(Path droneDir, String runnerClass, Path config) {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of(SHELL))) {
      command.addAll(List.of(SHELL, "-c", "umask 077 && exec \"$@\"", "hangar-drone"));
    }
    for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
      if (Files.isExecutable(Path.of(setsid))) {
        command.add(setsid);
        break;
      }
    }
    command.add(
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("hangar.Main");
    command.add("drone");
    command.add("--dir");
    command.add(droneDir.toString());
    if (runnerClass != null) {
      command.add("--runner");
      command.add(runnerClass);
    }
    if (config != null) {
      command.add("--config");
      command.add(config.toAbsolutePath().normalize().toString());
    }
    return command;
  }
}
