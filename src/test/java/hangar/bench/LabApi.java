package hangar.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The campaign's view of the server: plain HTTP calls to {@code /api/v1} with the admin token,
 * where a server that is down or answers an error is an answer like any other, not an exception.
 */
final class LabApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT = Duration.ofSeconds(2);
  private static final Duration REQUEST = Duration.ofSeconds(10);

  /**
   * What the server answered.
   *
   * @param status the HTTP status, or 0 when no answer came (refused, reset, timed out)
   * @param body the body, or what went wrong when no answer came
   */
  record Answer(int status, String body) {
    boolean isSuccess() {
      return status >= 200 && status < 300;
    }

    /** This answer when it is a success; otherwise fails saying what was asked and what came. */
    Answer required(String what) {
      if (!isSuccess()) {
        throw new IllegalStateException(what + ": the server answered " + status + ": " + body);
      }
      return this;
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("the server answered " + status + " with no JSON: " + body);
      }
    }
  }

  private final String url;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT).build();

  LabApi(String url, String token) {
    this.url = url;
    this.token = token;
  }

  String url() {
    return url;
  }

  /** Creates a client job of {@code control} on one host, named {@code name}. */
  Answer createJob(String name, String control, String host) {
    ObjectNode job = JSON.createObjectNode().put("name", name).put("control_file", control);
    job.putArray("hosts").add(host);
    return send("POST", "/api/v1/jobs", job.toString());
  }

  /** Creates many jobs in one request ({@code POST /api/v1/jobs:batch}). */
  Answer createJobs(java.util.List<ObjectNode> jobs) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("jobs").addAll(jobs);
    return send("POST", "/api/v1/jobs:batch", body.toString());
  }

  /** Locks a host, so that the scheduler gives it no work. */
  Answer lockHost(String name, String reason) {
    return send(
        "PATCH",
        "/api/v1/hosts/" + encode(name),
        JSON.createObjectNode().put("locked", true).put("lock_reason", reason).toString());
  }

  Answer job(long id) {
    return send("GET", "/api/v1/jobs/" + id, null);
  }

  /** A page of at most {@code limit} jobs, newest first, older than {@code after} if given. */
  Answer jobs(int limit, Long after) {
    return send(
        "GET", "/api/v1/jobs?limit=" + limit + (after == null ? "" : "&after=" + after), null);
  }

  Answer abort(long id) {
    return send("POST", "/api/v1/jobs/" + id + "/abort", "");
  }

  Answer hosts() {
    return send("GET", "/api/v1/hosts", null);
  }

  Answer host(String name) {
    return send("GET", "/api/v1/hosts/" + encode(name), null);
  }

  Answer createHost(String name, int sshPort) {
    ObjectNode host = JSON.createObjectNode().put("hostname", name);
    if (sshPort > 0) {
      host.put("ssh_port", sshPort);
    }
    return send("POST", "/api/v1/hosts", host.toString());
  }

  /** Registers a host as {@code host} describes it ({@code POST /api/v1/hosts}). */
  Answer createHost(ObjectNode host) {
    return send("POST", "/api/v1/hosts", host.toString());
  }

  Answer createLabel(String name) {
    return send("POST", "/api/v1/labels", JSON.createObjectNode().put("name", name).toString());
  }

  /** Creates a job as {@code job} describes it ({@code POST /api/v1/jobs}). */
  Answer createJob(ObjectNode job) {
    return send("POST", "/api/v1/jobs", job.toString());
  }

  /** Any {@code GET}, such as {@code /metrics} or {@code /api/v1/jobs?status=Completed}. */
  Answer get(String path) {
    return send("GET", path, null);
  }

  Answer reverify(String host) {
    return send("POST", "/api/v1/hosts/" + encode(host) + "/reverify", "");
  }

  Answer createWorker(String name) {
    return send("POST", "/api/v1/drones", JSON.createObjectNode().put("name", name).toString());
  }

  Answer drones() {
    return send("GET", "/api/v1/drones", null);
  }

  Answer enableDrone(String name, boolean enabled) {
    return send(
        "PATCH",
        "/api/v1/drones/" + encode(name),
        JSON.createObjectNode().put("enabled", enabled).toString());
  }

  /** The state of drone {@code name} in the drone list, if the server answered and lists it. */
  Optional<String> droneState(String name) {
    Answer answer = drones();
    if (!answer.isSuccess()) {
      return Optional.empty();
    }
    for (JsonNode drone : answer.json()) {
      if (name.equals(drone.path("name").asText())) {
        return Optional.of(drone.path("state").asText());
      }
    }
    return Optional.empty();
  }

  private Answer send(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url + path))
            .timeout(REQUEST)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    if (body == null) {
      request.GET();
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      return new Answer(0, method + " " + path + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + path, e);
    }
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8);
  }
}
