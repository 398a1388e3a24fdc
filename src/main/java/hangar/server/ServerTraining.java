package hangar.server;

import hangar.Main;
import hangar.PrivateFiles;
import hangar.config.GlobalConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The work {@code bin/hangar} records once into a class-data archive for the server and scheduler
 * roles (see docs/performance.md, "From start to the first tick"): a server with the built-in
 * defaults (H2, the {@code localhost} drone) in a temporary folder, listening on a free loopback
 * port, asked for its pages and lists while its scheduler ticks, then stopped with its drone. The
 * classes a role loads to start (configuration, H2, Flyway, JDBI, Jetty, Javalin, Jackson, the
 * scheduler's tick) are then in the archive, and later starts do not load and link them again. It
 * reads and writes nothing of the user's.
 */
public final class ServerTraining {
  /** How long the scheduler ticks before the server stops: its first ticks and a wake-up. */
  private static final long TICKING_MILLIS = 3000;

  private ServerTraining() {}

  /** Runs the training server; prints nothing of its own. */
  public static void main(String[] args) throws Exception {
    // A role parses its command line before anything else: picocli's model of it goes in too.
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    for (String role : List.of("server", "scheduler")) {
      String[] line = {role, "--help"};
      Main.commandLine(line).setOut(nowhere).setErr(nowhere).execute(line);
    }
    Path dir = Files.createTempDirectory("hangar-server-training");
    try {
      ServerRole server =
          ServerRole.start(
              GlobalConfig.defaults(), dir.resolve("var"), "127.0.0.1", 0, Clock.systemUTC());
      try {
        String base = "http://127.0.0.1:" + server.port();
        for (String path :
            List.of(
                "/api/v1/hosts",
                "/api/v1/jobs",
                "/api/v1/drones",
                "/api/v1/labels",
                "/metrics",
                "/",
                "/jobs",
                "/hosts")) {
          get(base + path, server.adminToken());
        }
        Thread.sleep(TICKING_MILLIS);
      } finally {
        server.closeWithDrone();
      }
    } finally {
      PrivateFiles.deleteTree(dir);
    }
  }

  private static void get(String url, String token) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
    connection.setRequestProperty("Authorization", "Bearer " + token);
    connection.setConnectTimeout(5000);
    connection.setReadTimeout(10000);
    int status = connection.getResponseCode();
    try (InputStream body =
        status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
      if (body != null) {
        body.readAllBytes();
      }
    }
  }
}
