package hangar.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import hangar.lab.Texts;
import hangar.tls.ClientTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
 *
 * <p>Requests go over {@link HttpURLConnection}, which a CLI command starts in a few milliseconds
 * (and, for an {@code http://} server, without the JDK's TLS); the JDK's {@link HttpClient} costs
 * about a tenth of a second more and is made only for {@code PATCH}, which {@link
 * HttpURLConnection} cannot send.
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

  private HttpClient patchClient;
  private final URI server;
  private final Function<String, String> tokenFor;
  private final Supplier<String> readToken;
  private final ClientTls tls;

  /**
   * @param server the server's base URL, without a trailing slash
   * @param tokenFor the token for a write, given a description of the request for messages
   * @param readToken the token for a read, or null when there is none
   * @param tls whom an https server's certificate must chain to, and how to say it did not
   */
  ApiClient(
      URI server, Function<String, String> tokenFor, Supplier<String> readToken, ClientTls tls) {
    this.server = Objects.requireNonNull(server, "server");
    this.tokenFor = Objects.requireNonNull(tokenFor, "tokenFor");
    this.readToken = Objects.requireNonNull(readToken, "readToken");
    this.tls = Objects.requireNonNull(tls, "tls");
  }

  /** A client trusting what {@code tls} trusts. */
  static ApiClient create(
      URI server, Function<String, String> tokenFor, Supplier<String> readToken, ClientTls tls) {
    return new ApiClient(server, tokenFor, readToken, tls);
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
    return parse(path, send("GET", path, APPLICATION_JSON, readToken.get(), null).body());
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
      Answer response = send("GET", page, APPLICATION_JSON, readToken.get(), null);
      JsonNode answer = parse(page, response.body());
      if (!answer.isArray()) {
        throw new CliException(
            "the server's answer to " + path + " is not a list; is --server a Hangar server?");
      }
      answer.forEach(items::add);
      // An empty page ends the list even if a link follows: a broken server cannot loop us.
      next = answer.isEmpty() ? null : response.link() == null ? null : nextLink(response.link());
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
    return send("GET", path, "*/*", readToken.get(), null).body();
  }

  /** Sends a {@code POST} with a JSON body (or none when {@code body} is null) and reads JSON. */
  public JsonNode post(String path, JsonNode body) {
    return write("POST", path, body);
  }

  /** Sends a {@code POST} with a JSON body and without a token, for logging in. */
  JsonNode postWithoutToken(String path, JsonNode body) {
    return parse(path, send("POST", path, APPLICATION_JSON, null, serialize(body)).body());
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
    return parse(
        path,
        send(method, path, APPLICATION_JSON, token, body == null ? null : serialize(body)).body());
  }

  /** What the server answered: the status, the {@code Link} header (or null) and the body. */
  private record Answer(int status, String link, byte[] body) {}

  /**
   * Sends one request.
   *
   * @param token the bearer token, or null to send none
   * @param body a JSON body, or null for none
   * @throws ApiException on a 4xx or 5xx answer
   */
  private Answer send(String method, String path, String accept, String token, String body) {
    Answer answer;
    try {
      answer =
          "PATCH".equals(method)
              ? sendWithHttpClient(method, path, accept, token, body)
              : sendWithConnection(method, path, accept, token, body);
    } catch (IOException e) {
      String untrusted =
          tls.explain(server, e)
              .or(
                  () ->
                      e instanceof java.net.ConnectException
                          ? java.util.Optional.empty()
                          : ClientTls.probePlainHttp(server))
              .orElse(null);
      if (untrusted != null) {
        throw new CliException(untrusted, e);
      }
      throw new ServerUnreachableException(server, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while waiting for the Hangar server at " + server, e);
    }
    if (answer.status() >= 400) {
      throw ApiErrors.toException(answer.status(), answer.body());
    }
    return answer;
  }

  private Answer sendWithConnection(
      String method, String path, String accept, String token, String body) throws IOException {
    HttpURLConnection connection =
        (HttpURLConnection) URI.create(server + path).toURL().openConnection();
    if (connection instanceof javax.net.ssl.HttpsURLConnection https) {
      https.setSSLSocketFactory(tls.sslContext().getSocketFactory());
    }
    connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
    connection.setInstanceFollowRedirects(true);
    connection.setUseCaches(false);
    connection.setRequestMethod(method);
    connection.setRequestProperty("Accept", accept);
    if (token != null) {
      connection.setRequestProperty("Authorization", "Bearer " + token);
    }
    if (body != null || !"GET".equals(method) && !"DELETE".equals(method)) {
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      if (body != null) {
        connection.setRequestProperty("Content-Type", APPLICATION_JSON);
      }
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(bytes.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(bytes);
      }
    }
    int status = connection.getResponseCode();
    // Read to the end, so that the connection goes back to the JDK's keep-alive pool.
    try (InputStream in =
        status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
      byte[] read = in == null ? new byte[0] : in.readAllBytes();
      return new Answer(status, connection.getHeaderField("Link"), read);
    }
  }

  private Answer sendWithHttpClient(
      String method, String path, String accept, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server + path))
            .header("Accept", accept)
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", APPLICATION_JSON);
    }
    HttpResponse<byte[]> response = patchClient().send(request.build(), BodyHandlers.ofByteArray());
    return new Answer(
        response.statusCode(), response.headers().firstValue("Link").orElse(null), response.body());
  }

  private synchronized HttpClient patchClient() {
    if (patchClient == null) {
      patchClient =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(CONNECT_TIMEOUT)
              .followRedirects(HttpClient.Redirect.NORMAL)
              .sslContext(tls.sslContext())
              .build();
    }
    return patchClient;
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
