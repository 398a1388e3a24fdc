package hangar.cli;

import hangar.testing.CliRunner;
import hangar.testing.ContractServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts a {@link ContractServer} per test and gives the CLI an environment with no variables and a
 * token file holding {@link #FILE_TOKEN}, so no test reads the real environment.
 */
abstract class CliTestSupport {
  static final String FILE_TOKEN = "file-token";

  @TempDir Path dir;

  ContractServer server;
  Path tokenFile;
  private CliEnvironment previous;

  @BeforeEach
  final void startServer() throws IOException {
    server = ContractServer.start();
    tokenFile = dir.resolve("admin.token");
    Files.writeString(tokenFile, FILE_TOKEN + "\n", StandardCharsets.UTF_8);
    previous = useEnvironment(Map.of());
  }

  @AfterEach
  final void stopServer() {
    CliEnvironment.install(previous);
    server.close();
  }

  /** Installs these environment variables, with the test's token file. */
  final CliEnvironment useEnvironment(Map<String, String> variables) {
    return CliEnvironment.install(new CliEnvironment(variables, tokenFile, Clock.systemUTC()));
  }

  /** Runs {@code hangar ARGS... --server <contract server>}. */
  final CliRunner.Result hangar(String... args) {
    String[] withServer = Arrays.copyOf(args, args.length + 2);
    withServer[args.length] = "--server";
    withServer[args.length + 1] = server.url();
    return CliRunner.run(withServer);
  }
}
