package hangar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The launcher builds only the subcommand it runs, under the name that command gives itself. */
class MainTest {
  @Test
  void each_subcommand_is_listed_under_its_own_name() {
    for (Map.Entry<String, Class<?>> sub : Main.SUBCOMMANDS.entrySet()) {
      assertThat(sub.getValue().getAnnotation(Command.class).name())
          .as(sub.getValue().getName())
          .isEqualTo(sub.getKey());
    }
  }

  @Test
  void a_command_builds_its_own_subcommand_alone_and_help_builds_them_all() {
    assertThat(Main.commandLine(new String[] {"job", "stat", "1"}).getSubcommands())
        .containsOnlyKeys("job");
    assertThat(Main.commandLine(new String[] {"job"}).getSubcommands().get("job").getSubcommands())
        .containsKeys("create", "stat", "list");
    String[][] all = {{}, {"--help"}, {"jbo"}, {"help", "job"}};
    for (String[] args : all) {
      assertThat(Main.commandLine(args).getSubcommands())
          .as(String.join(" ", args))
          .containsOnlyKeys(Main.SUBCOMMANDS.keySet());
    }
  }

  @Test
  void the_version_builds_no_subcommand_and_still_answers() {
    CommandLine main = Main.commandLine(new String[] {"--version"});
    java.io.StringWriter out = new java.io.StringWriter();

    assertThat(main.getSubcommands()).isEmpty();
    assertThat(main.setOut(new java.io.PrintWriter(out)).execute("--version")).isZero();
    assertThat(out.toString()).startsWith("hangar ");
  }

  @Test
  void options_set_on_the_command_line_reach_the_subcommand_built_alone() {
    CommandLine job = Main.commandLine(new String[] {"job"}).getSubcommands().get("job");

    assertThat(job.isCaseInsensitiveEnumValuesAllowed()).isTrue();
    assertThat(job.getSubcommands().get("create").isCaseInsensitiveEnumValuesAllowed()).isTrue();
  }
}
