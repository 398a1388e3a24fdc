package hangar.drone;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import hangar.autoserv.SessionSpec;
import hangar.lab.ControlType;
import hangar.testing.Polling;
import hangar.testing.SessionProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A drone daemon that runs with other settings than the configuration now gives (a tests path that
 * gained a test) is restarted with them once it runs no session, and says why.
 */
class DroneSettingsRestartTest {
  @TempDir Path dir;

  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(DaemonSupervisor.class);
  private Path droneDir;
  private Path config;
  private Path tests;

  @BeforeEach
  void setUp() throws Exception {
    events.start();
    logger.addAppender(events);
    droneDir = dir.resolve("drone");
    tests = dir.resolve("tests");
    config = dir.resolve("global_config.ini");
    Files.writeString(config, "[AUTOSERV]\ntests_path: " + tests + "\n");
  }

  @AfterEach
  void tearDown() {
    logger.detachAppender(events);
    try {
      LocalDrone.attach(droneDir).shutdown();
    } catch (DroneUnreachableException e) {
      // no daemon left to stop
    }
    SessionProcesses.killAll("313.73");
  }

  @Test
  void an_idle_daemon_with_stale_settings_is_restarted_with_the_new_ones() throws Exception {
    long first = LocalDrone.create(droneDir, config).ping().pid();
    addUserTest();

    LocalDrone drone = LocalDrone.create(droneDir, config);

    assertThat(drone.ping().pid()).isNotEqualTo(first);
    assertThat(drone.ping().settings()).isEqualTo(drone.settings());
    assertThat(said())
        .anyMatch(m -> m.startsWith("restarting the localhost drone daemon (pid " + first + ")"));
  }

  @Test
  void a_busy_daemon_with_stale_settings_is_restarted_once_its_sessions_end() throws Exception {
    LocalDrone drone = LocalDrone.create(droneDir, config);
    long first = drone.ping().pid();
    drone.start(
        new SessionSpec(
            "busy-1",
            1,
            "alice",
            "busy",
            ControlType.CLIENT,
            "job.run_test('shell', command: 'sleep 313.73')\n",
            List.of("localhost"),
            dir.resolve("results/busy-1")));
    Polling.await(
        "the session's command to run",
        Duration.ofSeconds(60),
        () -> Optional.of(true).filter(b -> SessionProcesses.count("sleep 313.73") > 0));
    addUserTest();

    LocalDrone again = LocalDrone.create(droneDir, config);

    assertThat(again.ping().pid()).isEqualTo(first);
    assertThat(said())
        .anyMatch(
            m ->
                m.contains("(pid " + first + ") runs with other settings")
                    && m.contains("once it runs no session"));
    try (DaemonSupervisor supervisor = again.supervise(Duration.ofMillis(200))) {
      again.abort("busy-1");
      long next =
          Polling.await(
              "the daemon to be restarted once idle",
              Duration.ofSeconds(60),
              () -> {
                try {
                  return Optional.of(again.ping().pid()).filter(pid -> pid != first);
                } catch (DroneUnreachableException e) {
                  return Optional.empty();
                }
              });
      assertThat(next).isNotEqualTo(first);
    }
    assertThat(again.ping().settings()).isEqualTo(again.settings());
  }

  private void addUserTest() throws Exception {
    Files.createDirectories(tests.resolve("mytest"));
    Files.writeString(tests.resolve("mytest/test.ini"), "[test]\ncommand: true\n");
  }

  private List<String> said() {
    return events.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
