package hangar.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.tls.ServerTls;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on loopback that serves the routes of {@code docs/api.md} with the recorded
 * shapes of {@link ApiSamples}, and records every request it gets. Tests script what a route
 * answers with {@link #reply}; it is the contract the CLI is written against, not a stand-in for
 * the server's logic.
 */
public final class ContractServer implements AutoCloseable {
  /** Every route of {@code docs/api.md}, as {@code METHOD path} in Javalin's path syntax. */
  public static final List<String> ROUTES =
      List.of(
          "GET /api/v1/hosts",
          "POST /api/v1/hosts",
          "GET /api/v1/hosts/{hostname}",
          "PATCH /api/v1/hosts/{hostname}",
          "DELETE /api/v1/hosts/{hostname}",
          "POST /api/v1/hosts/{hostname}/reverify",
          "GET /api/v1/labels",
          "POST /api/v1/labels",
          "DELETE /api/v1/labels/{name}",
          "PUT /api/v1/labels/{name}/hosts/{hostname}",
          "DELETE /api/v1/labels/{name}/hosts/{hostname}",
          "GET /api/v1/atomicgroups",
          "POST /api/v1/atomicgroups",
          "GET /api/v1/atomicgroups/{name}",
          "DELETE /api/v1/atomicgroups/{name}",
          "PUT /api/v1/atomicgroups/{name}/labels/{label}",
          "DELETE /api/v1/atomicgroups/{name}/labels/{label}",
          "POST /api/v1/jobs",
          "POST /api/v1/jobs:batch",
          "GET /api/v1/jobs",
          "GET /api/v1/jobs/{id}",
          "POST /api/v1/jobs/{id}/abort",
          "GET /results/<path>",
          "GET /api/v1/server");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Javalin app;
  private final ServerTls tls;

  private ContractServer(ServerTls tls) {
    this.tls = tls;
    this.app =
        Javalin.create(
            config -> {
              tls.install(config);
              config.startup.showJavalinBanner = false;
              for (String route : ROUTES) {
                String[] parts = route.split(" ", 2);
                config.routes.addHttpHandler(
                    HandlerType.findOrCreate(parts[0]), parts[1], ctx -> answer(route, ctx));
              }
            });
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  public static ContractServer start() {
    return start(ServerTls.plain());
  }

  /** Starts a server on 127.0.0.1 and a free port, speaking HTTPS when {@code tls} says. */
  public static ContractServer start(ServerTls tls) {
    ContractServer server = new ContractServer(tls);
    server.app.start("127.0.0.1", 0);
    return server;
  }

  /** The base URL, {@code http://127.0.0.1:<port>} or {@code https://...}. */
  public String url() {
    return tls.scheme() + "://127.0.0.1:" + app.port();
  }

  /**
   * Makes {@code route} (one of {@link #ROUTES}) answer with these replies in turn; the last one
   * repeats once the others are used up.
   */
  public void reply(String route, Reply... replies) {
    if (!ROUTES.contains(route)) {
      throw new IllegalArgumentException("'" + route + "' is not a route of docs/api.md");
    }
    scripts.put(route, new ArrayDeque<>(List.of(replies)));
  }

  /** Every request received so far, in order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The only request received; fails when there were none or several. */
  public Request onlyRequest() {
    if (requests.size() != 1) {
      throw new AssertionError("expected exactly one request, got " + requests);
    }
    return requests.get(0);
  }

  @Override
  public void close() {
    app.stop();
  }

  private void answer(String route, Context ctx) {
    requests.add(
        new Request(
            ctx.method().name(),
            ctx.path(),
            ctx.queryString(),
            ctx.header("Authorization"),
            ctx.header("Accept"),
            ctx.header("Content-Type"),
            ctx.body()));
    Reply reply = next(route);
    ctx.status(reply.status());
    if (!reply.body().isEmpty()) {
      ctx.contentType(reply.contentType());
      ctx.result(reply.body().getBytes(StandardCharsets.UTF_8));
    }
  }

  private Reply next(String route) {
    Deque<Reply> script = scripts.get(route);
    if (script == null) {
      return defaultReply(route);
    }
    synchronized (script) {
      return script.size() > 1 ? script.poll() : script.peek();
    }
  }

  private static Reply defaultReply(String route) {
    return switch (route) {
      case "GET /api/v1/hosts" -> Reply.json(200, ApiSamples.HOSTS);
      case "POST /api/v1/hosts" -> Reply.json(201, ApiSamples.HOST);
      case "GET /api/v1/hosts/{hostname}" -> Reply.json(200, ApiSamples.HOST_WITH_ENTRIES);
      case "PATCH /api/v1/hosts/{hostname}" -> Reply.json(200, ApiSamples.HOST);
      case "POST /api/v1/hosts/{hostname}/reverify" -> Reply.json(202, ApiSamples.REVERIFY);
      case "GET /api/v1/labels" -> Reply.json(200, ApiSamples.LABELS);
      case "POST /api/v1/labels",
          "PUT /api/v1/labels/{name}/hosts/{hostname}",
          "DELETE /api/v1/labels/{name}/hosts/{hostname}" ->
          Reply.json(route.startsWith("POST") ? 201 : 200, ApiSamples.LABEL);
      case "GET /api/v1/atomicgroups" -> Reply.json(200, ApiSamples.ATOMIC_GROUPS);
      case "POST /api/v1/atomicgroups",
          "GET /api/v1/atomicgroups/{name}",
          "PUT /api/v1/atomicgroups/{name}/labels/{label}",
          "DELETE /api/v1/atomicgroups/{name}/labels/{label}" ->
          Reply.json(route.startsWith("POST") ? 201 : 200, ApiSamples.ATOMIC_GROUP);
      case "POST /api/v1/jobs" -> Reply.json(201, ApiSamples.job("Queued"));
      case "POST /api/v1/jobs:batch" -> Reply.json(201, ApiSamples.CREATED_JOBS);
      case "GET /api/v1/jobs" -> Reply.json(200, ApiSamples.JOBS);
      case "GET /api/v1/jobs/{id}", "POST /api/v1/jobs/{id}/abort" ->
          Reply.json(200, ApiSamples.JOB);
      case "GET /api/v1/server" -> Reply.json(200, ApiSamples.SERVER);
      case "DELETE /api/v1/hosts/{hostname}",
          "DELETE /api/v1/labels/{name}",
          "DELETE /api/v1/atomicgroups/{name}" ->
          Reply.empty(204);
      default ->
          Reply.json(404, ApiSamples.error(404, "NOT_FOUND", "nothing scripted for " + route));
    };
  }

  /**
   * One request as the server saw it.
   *
   * @param method {@code GET}, {@code POST}, ...
   * @param path the request path as sent, still percent-encoded
   * @param query the raw query string, or null
   * @param authorization the {@code Authorization} header, or null
   * @param accept the {@code Accept} header, or null
   * @param contentType the {@code Content-Type} header, or null
   * @param body the body as text, empty when there was none
   */
  public record Request(
      String method,
      String path,
      String query,
      String authorization,
      String accept,
      String contentType,
      String body) {
    /** The body parsed as JSON. */
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("request body is not JSON: " + body, e);
      }
    }
  }

  /**
   * One scripted answer.
   *
   * @param status the HTTP status
   * @param contentType the {@code Content-Type} of the body
   * @param body the body, empty for none
   */
  public record Reply(int status, String contentType, String body) {
    /** A JSON answer. */
    public static Reply json(int status, String json) {
      return new Reply(status, "application/json", json);
    }

    /** A plain text answer, as logs are served. */
    public static Reply text(int status, String text) {
      return new Reply(status, "text/plain", text);
    }

    /** An answer without a body, such as {@code 204}. */
    public static Reply empty(int status) {
      return new Reply(status, "text/plain", "");
    }
  }
}
