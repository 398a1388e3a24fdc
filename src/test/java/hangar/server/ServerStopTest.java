package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.testing.CliRunner;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What stopping the server leaves running, and how its log says to stop that too. */
class ServerStopTest {
  private static final Pattern STOP = Pattern.compile("'hangar drone --dir (\\S+) --stop'");

  @TempDir Path dir;

  @Test
  void a_stopped_server_says_its_drone_runs_on_and_how_to_stop_it() throws Exception {
    DatabaseSettings database = TestDatabases.fresh(DbType.H2);
    Logger logger = (Logger) LoggerFactory.getLogger(ServerRole.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    try {
      ServerRole server =
          ServerRole.start(
              GlobalConfig.load(TestConfigs.write(dir.resolve("global_config.ini"), database)),
              dir.resolve("var"),
              "127.0.0.1",
              0,
              Clock.systemUTC());

      server.close();

      String said =
          events.list.stream()
              .map(ILoggingEvent::getFormattedMessage)
              .filter(m -> m.startsWith("server stopped"))
              .findFirst()
              .orElseThrow();
      assertThat(said).contains("the localhost drone keeps running its sessions (pid ");
      Matcher command = STOP.matcher(said);
      assertThat(command.find()).as(said).isTrue();
      CliRunner.Result stopped = CliRunner.run("drone", "--dir", command.group(1), "--stop");
      assertThat(stopped.exitCode()).as(stopped.err()).isZero();
    } finally {
      logger.detachAppender(events);
      TestDatabases.drop(database);
    }
  }
}
