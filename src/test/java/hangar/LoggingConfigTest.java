package hangar;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The logging configuration shipped in the jar loads without errors. Tests run with their own
 * logback-test.xml, so nothing else would notice a broken one before a user does.
 */
class LoggingConfigTest {
  @Test
  void the_shipped_logback_xml_loads_without_errors() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);

    configurator.doConfigure(Path.of("src/main/resources/logback.xml").toFile());

    assertThat(context.getStatusManager().getCopyOfStatusList())
        .filteredOn(s -> s.getLevel() >= Status.WARN)
        .isEmpty();
    assertThat(context.getLogger("com.zaxxer.hikari").getLevel().levelStr).isEqualTo("WARN");
  }
}
