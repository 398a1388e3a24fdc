package hangar.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The jobs of {@code hangar job create --batch FILE}: a JSON array of job objects, or one job
 * object per line, each as {@code POST /api/v1/jobs} takes it; {@code "control_file_path"}
 * (relative to the batch file) may stand for {@code "control_file"}. They go to {@code POST
 * /api/v1/jobs:batch} {@value #PER_REQUEST} at a time.
 */
final class JobBatchFile {
  /** Jobs per request: the server's most. */
  static final int PER_REQUEST = 1000;

  static final String BATCH = "/api/v1/jobs:batch";

  private final Path file;
  private final Map<Path, String> controls = new HashMap<>();

  JobBatchFile(Path file) {
    this.file = file;
  }

  /**
   * Reads the file into the objects the server takes, each control file read once.
   *
   * @throws IllegalArgumentException saying which job or line is wrong and how
   */
  List<ObjectNode> jobs() throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<JsonNode> items = new ArrayList<>();
    String trimmed = text.strip();
    if (trimmed.startsWith("[")) {
      JsonNode array = read(trimmed, file.toString());
      array.forEach(items::add);
    } else {
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          items.add(read(line, "line " + (i + 1) + " of " + file));
        }
      }
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException(
          file + " holds no job; write one job object per line, or a JSON array of them");
    }
    List<ObjectNode> jobs = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      jobs.add(job(items.get(i), i + 1, items.size()));
    }
    return jobs;
  }

  private ObjectNode job(JsonNode item, int number, int count) throws IOException {
    String which = "job " + number + " of " + count + " in " + file;
    if (!(item instanceof ObjectNode job)) {
      throw new IllegalArgumentException(which + " is not a JSON object");
    }
    JsonNode path = job.remove("control_file_path");
    if (path != null) {
      if (job.has("control_file")) {
        throw new IllegalArgumentException(
            which + " gives both control_file and control_file_path; keep one");
      }
      if (!path.isTextual()) {
        throw new IllegalArgumentException(which + ": control_file_path must be a string");
      }
      Path control = resolve(path.asText());
      String text = controls.get(control);
      if (text == null) {
        try {
          text = Files.readString(control, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new IOException(which + ": cannot read the control file " + control + ": " + e, e);
        }
        controls.put(control, text);
      }
      job.put("control_file", text);
    }
    return job;
  }

  private Path resolve(String path) {
    Path dir = file.toAbsolutePath().getParent();
    return dir == null ? Path.of(path) : dir.resolve(path).normalize();
  }

  private JsonNode read(String json, String where) {
    try {
      return ApiClient.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(where + " is not JSON: " + e.getOriginalMessage());
    }
  }

  /**
   * Sends the jobs, {@link #PER_REQUEST} a request, and returns what the server created: {@code
   * {"created": N, "ids": [...]}}. A refused request creates nothing of its own jobs; the error
   * then says which jobs earlier requests created.
   */
  static JsonNode submit(ApiClient client, List<ObjectNode> jobs) {
    ArrayNode ids = ApiClient.JSON.createArrayNode();
    for (int from = 0; from < jobs.size(); from += PER_REQUEST) {
      int to = Math.min(jobs.size(), from + PER_REQUEST);
      ObjectNode body = ApiClient.JSON.createObjectNode();
      body.putArray("jobs").addAll(jobs.subList(from, to));
      JsonNode created;
      try {
        created = client.post(BATCH, body);
      } catch (ApiException e) {
        if (from == 0) {
          throw e;
        }
        throw new CliException(
            "jobs "
                + (from + 1)
                + " to "
                + to
                + " were refused and none of them created: "
                + e.getMessage()
                + "; jobs 1 to "
                + from
                + " were created (ids "
                + ids.get(0).asText()
                + " to "
                + ids.get(ids.size() - 1).asText()
                + "): send only the rest again",
            e);
      }
      created.path("ids").forEach(ids::add);
    }
    ObjectNode all = ApiClient.JSON.createObjectNode();
    all.put("created", ids.size());
    all.set("ids", ids);
    return all;
  }

  /** One line for what {@link #submit} created from {@code file}. */
  static String summary(JsonNode created, Path file) {
    JsonNode ids = created.path("ids");
    return "Created "
        + ids.size()
        + (ids.size() == 1 ? " job" : " jobs")
        + " from "
        + file
        + ": ids "
        + ids.get(0).asText()
        + (ids.size() == 1 ? "" : " to " + ids.get(ids.size() - 1).asText())
        + "; list them with 'hangar job list'";
  }
}
