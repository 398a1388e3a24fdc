package hangar.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * A running server as a test talks to it: the CLI in-process with {@code --server} and {@code
 * --token}, and plain HTTP GETs, as for {@code /results/...}.
 *
 * @param url the server's base URL, such as {@code http://127.0.0.1:8080}
 * @param token the admin token
 */
public record ServerClient(String url, String token) {
  /** Runs {@code hangar args... --server URL --token TOKEN} in this JVM. */
  public CliRunner.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", url, "--token", token));
    return CliRunner.run(all.toArray(String[]::new));
  }

  /**
   * GETs {@code path} (from {@code /}) with the token and returns the answer, whatever its status.
   */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(URI.create(url + path))
              .header("Authorization", "Bearer " + token)
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }
}
