package hangar.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import hangar.Main;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The work {@code bin/hangar} records once into a class-data archive for CLI commands (see
 * docs/cli.md, "Start-up"): it runs common commands against a stand-in API on loopback, so that the
 * classes they load (picocli's model, the API client, Jackson, the tables) are in the archive and
 * later commands start without loading and linking them again. It reads and sends nothing of the
 * user's: the commands get a made-up token and a control file it writes in a temporary folder.
 */
public final class CliTraining {
  private static final String JOB =
      """
      {"id": 1, "name": "t", "owner": "u", "status": "Running", "priority": 1,
       "control_type": "Client", "created_on": "2026-01-01T00:00:00Z", "finished_on": null,
       "counts": {"Running": 1}, "control_file": "x", "synch_count": 1,
       "timeout_minutes": 60, "max_runtime_minutes": 60, "run_verify": false,
       "reboot_before": "Never", "reboot_after": "Never", "email_list": "",
       "dependencies": [], "results_url": "/results/1-u/", "entries": [
        {"id": 1, "job_id": 1, "host": "h", "meta_host": null, "status": "Running",
         "reason": "", "execution_subdir": "h", "drone": "localhost", "started_on": null,
         "finished_on": null, "results_url": "/results/1-u/h/", "atomic_group": null}]}""";

  private CliTraining() {}

  /** Runs the training commands; prints nothing. */
  public static void main(String[] args) throws IOException {
    HttpServer api =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.createContext("/", CliTraining::answer);
    api.start();
    Path dir = Files.createTempDirectory("hangar-cli-training");
    try {
      Path control = Files.writeString(dir.resolve("control"), "job.run_test('sleeptest')\n");
      Path batch =
          Files.writeString(
              dir.resolve("jobs.jsonl"),
              "{\"name\": \"t\", \"control_file_path\": \"control\", \"hosts\": [\"h\"]}\n");
      String server = "http://127.0.0.1:" + api.getAddress().getPort();
      List<List<String>> commands =
          List.of(
              List.of("--version"),
              List.of("job", "stat", "1"),
              List.of("job", "stat", "1", "--json"),
              List.of("job", "list"),
              List.of("job", "create", "-m", "h", "-f", control.toString(), "t"),
              List.of("job", "create", "--batch", batch.toString()),
              List.of("job", "abort", "1"),
              List.of("host", "list"),
              List.of("host", "stat", "h"),
              List.of("label", "list"));
      PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
      for (List<String> command : commands) {
        String[] line =
            command.getFirst().startsWith("-")
                ? command.toArray(String[]::new)
                : java.util.stream.Stream.concat(
                        command.stream(),
                        java.util.stream.Stream.of("--server", server, "--token", "t"))
                    .toArray(String[]::new);
        Main.commandLine(line).setOut(nowhere).setErr(nowhere).execute(line);
      }
    } finally {
      api.stop(0);
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    exchange.getRequestBody().readAllBytes();
    String body;
    int status = 200;
    if (path.equals("/api/v1/jobs:batch")) {
      body = "{\"created\": 1, \"ids\": [1]}";
      status = 201;
    } else if (path.startsWith("/api/v1/jobs/")
        || path.equals("/api/v1/jobs") && exchange.getRequestMethod().equals("POST")) {
      body = JOB;
    } else if (path.equals("/api/v1/jobs")) {
      body = "[" + JOB + "]";
    } else if (path.startsWith("/api/v1/hosts/")) {
      body = "{\"title\": \"host 'h' not found\", \"status\": 404, \"type\": \"NOT_FOUND\"}";
      status = 404;
    } else {
      body = "[]";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
