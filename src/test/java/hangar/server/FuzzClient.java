package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Sends raw requests to a running server and checks that each answer is clean: no 5xx, an error in
 * the API's JSON shape, no Java, Jackson, Jetty or database internals in it, and no raw control or
 * bidi characters in what it echoes.
 */
final class FuzzClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Words that only internals put in a message. */
  static final List<String> LEAKS =
      List.of(
          "java.",
          "javax.",
          "jakarta.",
          "kotlin.",
          "Exception",
          "exception",
          "org.eclipse",
          "io.javalin",
          "com.fasterxml",
          "com.zaxxer",
          "hangar.",
          "\tat ",
          "Caused by",
          "SQL",
          "sql",
          "JDBC",
          "jdbc",
          "Jdbi",
          "H2",
          "Postgre",
          "postgre",
          "MariaDB",
          "mariadb",
          "MySQL",
          "mysql",
          "CONSTRAINT",
          "constraint",
          "Hikari",
          "Flyway",
          "Cannot deserialize",
          "Unrecognized",
          "`");

  /** Fields whose text may hold line breaks and tabs: the control file and command output. */
  private static final List<String> MULTILINE = List.of("control_file", "output");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String url;
  private final String token;

  FuzzClient(String url, String token) {
    this.url = url;
    this.token = token;
  }

  /** Sends a request with the admin token; {@code body} null sends none. */
  HttpResponse<String> send(String method, String path, String body) {
    return send(method, path, body, "Bearer " + token);
  }

  /** Sends a request with this {@code Authorization} header, or none when null. */
  HttpResponse<String> send(String method, String path, String body, String authorization) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url + path))
            .timeout(Duration.ofSeconds(60))
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + abbreviate(path) + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** GETs these paths side by side; returns each body by path, in the order given. */
  Map<String, String> getAll(List<String> paths) {
    Map<String, java.util.concurrent.CompletableFuture<HttpResponse<String>>> pending =
        new java.util.LinkedHashMap<>();
    for (String path : paths) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url + path))
              .timeout(Duration.ofSeconds(60))
              .header("Accept", "application/json")
              .build();
      pending.put(path, http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    Map<String, String> bodies = new java.util.LinkedHashMap<>();
    pending.forEach((path, answer) -> bodies.put(path, answer.join().body()));
    return bodies;
  }

  /** Sends a valid request that must get {@code status}; returns the answer as JSON. */
  JsonNode expect(int status, String method, String path, ObjectNode body) {
    HttpResponse<String> answer = send(method, path, body == null ? null : body.toString());
    assertThat(answer.statusCode())
        .as(method + " " + path + ": " + answer.body())
        .isEqualTo(status);
    return answer.body().isEmpty() ? JSON.missingNode() : read(answer.body());
  }

  /**
   * Checks one answer: below 500; an error is the JSON shape with a title free of internals and of
   * control characters; a success echoes no control or bidi characters outside multi-line fields.
   */
  static void assertClean(String what, HttpResponse<String> answer) {
    String body = answer.body();
    String context = what + " -> " + answer.statusCode() + " " + abbreviate(body);
    assertThat(answer.statusCode()).as(context).isLessThan(500);
    if (answer.statusCode() >= 400) {
      JsonNode error = readOrFail(context, body);
      assertThat(error.isObject()).as(context).isTrue();
      assertThat(error.path("title").isTextual()).as(context).isTrue();
      assertThat(error.path("status").asInt()).as(context).isEqualTo(answer.statusCode());
      assertThat(error.path("type").isTextual()).as(context).isTrue();
      assertThat(error.path("details").isObject()).as(context).isTrue();
      for (String leak : LEAKS) {
        assertThat(body).as(context + " leaks '" + leak + "'").doesNotContain(leak);
      }
      assertThat(hasUnsafeCharacter(error.path("title").asText(), false))
          .as(context + " echoes a control character")
          .isFalse();
      assertThat(body.length()).as(context + " is long").isLessThan(10_000);
    } else if (isJson(answer)) {
      checkStrings(context, "", readOrFail(context, body));
    }
  }

  private static boolean isJson(HttpResponse<String> answer) {
    return answer.headers().firstValue("Content-Type").orElse("").contains("json")
        && !answer.body().isEmpty();
  }

  private static void checkStrings(String context, String field, JsonNode node) {
    if (node.isTextual()) {
      assertThat(hasUnsafeCharacter(node.asText(), MULTILINE.contains(field)))
          .as(context + ": field " + field + " holds a control character")
          .isFalse();
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        checkStrings(context, e.getKey(), e.getValue());
      }
    } else if (node.isArray()) {
      node.forEach(item -> checkStrings(context, field, item));
    }
  }

  /**
   * C0 and C1 controls (tab and line breaks only when {@code multiline}), DEL and bidi controls.
   */
  static boolean hasUnsafeCharacter(String text, boolean multiline) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean allowed = multiline && (c == '\t' || c == '\n' || c == '\r');
      boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
      boolean bidi =
          (c >= 0x202a && c <= 0x202e)
              || (c >= 0x2066 && c <= 0x2069)
              || c == 0x200e
              || c == 0x200f;
      if ((control && !allowed) || bidi || c == 0x2028 || c == 0x2029) {
        return true;
      }
    }
    return false;
  }

  static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + abbreviate(body), e);
    }
  }

  private static JsonNode readOrFail(String context, String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return fail(context + ": the answer is not JSON");
    }
  }

  static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "...(" + text.length() + " chars)" : text;
  }
}
