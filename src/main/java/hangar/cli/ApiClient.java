package hangar.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import hangar.lab.Texts;
import hangar.tls.ClientTls;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small client for the Hangar REST API ({@code docs/api.md}): JSON in and out, the bearer token
 * on every request when there is one (writes need one; reads do unless the server opens them), and
 * every failure turned into a {@link CliException} that says what to do.
 */
public final class ApiClient {
  /** Reads and writes the API's JSON. */
  public static final ObjectMapper JSON = new ObjectMapper();

  /** How long to wait for a TCP connection before calling the server unreachable. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private static final String APPLICATION_JSON = "application/json";
  private static final int MAX_PLAIN_TITLE = 200;

  /** The most items asked for in one page: the server's maximum. */
  static final int PAGE_SIZE = 1000;

  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?next\"?");

  private final HttpClient http;
  private final URI server;
  private final Function<String, String> tokenFor;
  private final Supplier<String> readToken;
  private final ClientTls tls;

  /**
   * @param http the HTTP client
   * @param server the server's base URL, without a trailing slash
   * @param tokenFor the token for a write, given a description of the request for messages
   * @param readToken the token for a read, or null when there is none
   * @param tls whom an https server's certificate must chain to, and how to say it did not
   */
  ApiClient(
      HttpClient http,
      URI server,
      Function<String, String> tokenFor,
      Supplier<String> readToken,
      ClientTls tls) {
    this.http = Objects.requireNonNull(http, "http");
    this.server = Objects.requireNonNull(server, "server");
    this.tokenFor = Objects.requireNonNull(tokenFor, "tokenFor");
    this.readToken = Objects.requireNonNull(readToken, "readToken");
    this.tls = Objects.requireNonNull(tls, "tls");
  }

  /** A client with its own HTTP/1.1 connection pool, trusting what {@code tls} trusts. */
  static ApiClient create(
      URI server, Function<String, String> tokenFor, Supplier<String> readToken, ClientTls tls) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .sslContext(tls.sslContext())
            .build();
    return new ApiClient(http, server, tokenFor, readToken, tls);
  }

  /** The server's base URL. */
  URI server() {
    return server;
  }

  /** The absolute URL of a server path such as {@code /results/3-admin/}. */
  String urlOf(String path) {
    return path.startsWith("http://") || path.startsWith("https://") ? path : server + path;
  }

  /**
   * Percent-encodes one path segment, such as a hostname or a label name.
   *
   * @return the encoded segment, safe between two slashes
   */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Percent-encodes one query parameter value. */
  static String queryValue(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * Reads JSON from {@code path}.
   *
   * @throws ApiException on a 4xx or 5xx answer
   * @throws ServerUnreachableException when the server cannot be reached
   */
  public JsonNode get(String path) {
    HttpRequest request = request(path, APPLICATION_JSON).GET().build();
    return parse(path, send(request).body());
  }

  /**
   * Reads a list route page by page, following each answer's {@code Link: <...>; rel="next"}
   * header, until the list ends or {@code max} items were read.
   *
   * @param path the list's path, with any filters as query parameters
   * @param max the most items to read; {@link Integer#MAX_VALUE} for all
   * @throws ApiException on a 4xx or 5xx answer
   * @throws ServerUnreachableException when the server cannot be reached
   */
  public ArrayNode list(String path, int max) {
    ArrayNode items = JSON.createArrayNode();
    String next = path;
    while (next != null && items.size() < max) {
      String page = withLimit(next, Math.min(PAGE_SIZE, max - items.size()));
      HttpResponse<byte[]> response = send(request(page, APPLICATION_JSON).GET().build());
      JsonNode answer = parse(page, response.body());
      if (!answer.isArray()) {
        throw new CliException(
            "the server's answer to " + path + " is not a list; is --server a Hangar server?");
      }
      answer.forEach(items::add);
      // An empty page ends the list even if a link follows: a broken server cannot loop us.
      next =
          answer.isEmpty()
              ? null
              : response.headers().firstValue("Link").map(ApiClient::nextLink).orElse(null);
    }
    return items;
  }

  /** The target of a {@code rel="next"} link, when it is a path on this server; else null. */
  static String nextLink(String header) {
    Matcher link = NEXT_LINK.matcher(header);
    return link.find() && link.group(1).startsWith("/") ? link.group(1) : null;
  }

  /** The path with its {@code limit} query parameter set to {@code limit}. */
  static String withLimit(String path, int limit) {
    int question = path.indexOf('?');
    StringJoiner query = new StringJoiner("&", "?", "");
    if (question >= 0) {
      for (String param : path.substring(question + 1).split("&", -1)) {
        if (!param.isEmpty() && !param.startsWith("limit=")) {
          query.add(param);
        }
      }
    }
    query.add("limit=" + limit);
    return (question >= 0 ? path.substring(0, question) : path) + query;
  }

  /**
   * Reads the raw bytes at {@code path}, for results files.
   *
   * @throws ApiException on a 4xx or 5xx answer
   * @throws ServerUnreachableException when the server cannot be reached
   */
  byte[] getBytes(String path) {
    return send(request(path, "*/*").GET().build()).body();
  }

  /** Sends a {@code POST} with a JSON body (or none when {@code body} is null) and reads JSON. */
  public JsonNode post(String path, JsonNode body) {
    return write("POST", path, body);
  }

  /** Sends a {@code POST} with a JSON body and without a token, for logging in. */
  JsonNode postWithoutToken(String path, JsonNode body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server + path))
            .header("Accept", APPLICATION_JSON)
            .header("Content-Type", APPLICATION_JSON)
            .POST(BodyPublishers.ofString(serialize(body)))
            .build();
    return parse(path, send(request).body());
  }

  /** Sends a {@code PUT} without a body and reads JSON. */
  JsonNode put(String path) {
    return write("PUT", path, null);
  }

  /** Sends a {@code PATCH} with a JSON body and reads JSON. */
  public JsonNode patch(String path, JsonNode body) {
    return write("PATCH", path, body);
  }

  /** Sends a {@code DELETE}; the answer is JSON, or missing for {@code 204}. */
  public JsonNode delete(String path) {
    return write("DELETE", path, null);
  }

  /**
   * Sends a write with the bearer token.
   *
   * @throws MissingTokenException when no token is available
   * @throws ApiException on a 4xx or 5xx answer
   * @throws ServerUnreachableException when the server cannot be reached
   */
  private JsonNode write(String method, String path, JsonNode body) {
    return write(method, path, body, tokenFor.apply(method + " " + path));
  }

  /** Sends a {@code DELETE} with this token rather than the chosen one: for {@code logout}. */
  JsonNode deleteWithToken(String path, String token) {
    return write("DELETE", path, null, token);
  }

  private JsonNode write(String method, String path, JsonNode body, String token) {
    BodyPublisher publisher =
        body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(serialize(body));
    HttpRequest.Builder builder =
        request(path, APPLICATION_JSON)
            .setHeader("Authorization", "Bearer " + token)
            .method(method, publisher);
    if (body != null) {
      builder.header("Content-Type", APPLICATION_JSON);
    }
    return parse(path, send(builder.build()).body());
  }

  private HttpRequest.Builder request(String path, String accept) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(server + path)).header("Accept", accept);
    String token = readToken.get();
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private HttpResponse<byte[]> send(HttpRequest request) {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, BodyHandlers.ofByteArray());
    } catch (IOException e) {
      String untrusted = tls.explain(server, e).orElse(null);
      if (untrusted != null) {
        throw new CliException(untrusted, e);
      }
      throw new ServerUnreachableException(server, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while waiting for the Hangar server at " + server, e);
    }
    if (response.statusCode() >= 400) {
      throw ApiErrors.toException(response.statusCode(), response.body());
    }
    return response;
  }

  private static JsonNode parse(String path, byte[] body) {
    if (body.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new CliException(
          "the server's answer to "
              + path
              + " is not JSON ("
              + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e)
              + "); is --server pointing at a Hangar server?",
          e);
    }
  }

  private static String serialize(JsonNode body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree failed to serialize; this is a bug", e);
    }
  }

  /** Turns error answers into exceptions; the API's shape is {@code title/status/type/details}. */
  static final class ApiErrors {
    private ApiErrors() {}

    static ApiException toException(int status, byte[] body) {
      String title = "";
      String type = "";
      try {
        JsonNode error = JSON.readTree(body);
        if (error != null && error.isObject()) {
          title = Nodes.text(error, "title");
          type = Nodes.text(error, "type");
        }
      } catch (IOException e) {
        // Not the API's JSON (a proxy's page, plain text): fall back to the text itself.
        title = plain(body);
      }
      if (title.isBlank()) {
        title = "the server answered HTTP " + status;
      }
      title = Texts.escape(title);
      if (status == 401) {
        title =
            "the server refused the API token ("
                + title
                + "); pass the admin token with --token TOKEN or "
                + ApiOptions.TOKEN_VARIABLE
                + ", or run where var/admin.token holds it (the server writes"
                + " <data>/admin.token at first start)";
      }
      return new ApiException(status, type, title);
    }

    private static String plain(byte[] body) {
      String text = new String(body, StandardCharsets.UTF_8).strip();
      int newline = text.indexOf('\n');
      if (newline >= 0) {
        text = text.substring(0, newline).strip();
      }
      return text.length() > MAX_PLAIN_TITLE ? text.substring(0, MAX_PLAIN_TITLE) + "..." : text;
    }
  }
}
