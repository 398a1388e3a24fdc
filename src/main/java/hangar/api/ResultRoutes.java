package hangar.api;

import hangar.drone.DroneChunk;
import hangar.drone.ResultsFiles;
import hangar.results.LinkLeavesResultsException;
import hangar.results.LinkTarget;
import hangar.results.ResultsDirectory;
import hangar.results.ResultsHost;
import hangar.scheduler.DroneSlots;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /results/<path>}: any file of any job's results folder, and folder listings. */
final class ResultRoutes {
  private static final int SNIFF_BYTES = 8192;

  private final ResultsDirectory results;
  private final DroneSlots drones;
  private final List<ResultsHost> first;
  private final List<ResultsHost> last;

  /**
   * @param results the server's results folder
   * @param drones asked for a path the server does not hold yet, or null for none
   * @param elsewhere the results host and archive host when they are other machines
   */
  ResultRoutes(
      ResultsDirectory results,
      DroneSlots drones,
      hangar.results.ResultsHosts.Elsewhere elsewhere) {
    this.results = results;
    this.drones = drones;
    this.first = elsewhere.resultsHost().stream().toList();
    this.last = elsewhere.archiveHost().stream().toList();
  }

  void install(RoutesConfig routes) {
    routes.get("/results", ctx -> serve(ctx, ""));
    routes.get("/results/", ctx -> serve(ctx, ""));
    routes.get("/results/<path>", ctx -> serve(ctx, ctx.pathParam("path")));
  }

  private void serve(Context ctx, String relative) throws IOException {
    long offset = offset(ctx);
    Path path;
    try {
      path = results.resolve(relative);
    } catch (LinkLeavesResultsException e) {
      ctx.status(403)
          .json(new Json.ErrorJson(e.getMessage(), 403, "FORBIDDEN", Map.of("path", relative)));
      return;
    } catch (NoSuchFileException e) {
      // Not here: the results host, then the drone that ran it (running, or not copied yet),
      // then the archive host.
      if (!relative.isEmpty() && serveFrom(ctx, relative, offset, first)) {
        return;
      }
      Optional<DroneSlots.Held> held =
          drones == null || relative.isEmpty() ? Optional.empty() : drones.holding(relative);
      if (held.isPresent()) {
        serveFromDrone(ctx, relative, held.get(), offset);
        return;
      }
      if (!relative.isEmpty() && serveFrom(ctx, relative, offset, last)) {
        return;
      }
      ctx.status(404)
          .json(
              new Json.ErrorJson(
                  ErrorMapping.title(e.getMessage(), 404),
                  404,
                  "NOT_FOUND",
                  Map.of("path", ErrorMapping.title(relative, 404))));
      return;
    }
    if (Files.isDirectory(path)) {
      // The path parameter loses a trailing slash; the request's own path keeps it.
      boolean slash = ctx.path().endsWith("/") || relative.isEmpty();
      listing(ctx, relative.isEmpty() || !slash ? relative : relative + "/", results.list(path));
      return;
    }
    ctx.contentType(isText(path) ? "text/plain; charset=utf-8" : "application/octet-stream");
    long size = Files.size(path);
    ctx.header(SIZE_HEADER, Long.toString(size));
    long from = Math.min(offset, size);
    ctx.header("Content-Length", Long.toString(size - from));
    InputStream in = ResultsDirectory.open(path);
    in.skipNBytes(from);
    ctx.result(in);
  }

  /** The size of the whole file, whatever part was sent: lets a follower ask for what is new. */
  static final String SIZE_HEADER = "X-Hangar-File-Size";

  /** Where to start in the file ({@code ?offset=N}): 0 unless given. */
  private static long offset(Context ctx) {
    String text = ctx.queryParam("offset");
    if (text == null || text.isEmpty()) {
      return 0;
    }
    try {
      long offset = Long.parseLong(text);
      if (offset >= 0) {
        return offset;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new io.javalin.http.BadRequestResponse(
        "offset must be a whole number of bytes >= 0, was " + hangar.lab.Names.quote(text));
  }

  /**
   * Serves the path from the first of {@code hosts} that has it.
   *
   * @return false when none has it (or none answers)
   */
  private static boolean serveFrom(
      Context ctx, String relative, long offset, List<ResultsHost> hosts) throws IOException {
    for (ResultsHost host : hosts) {
      try {
        if (host.isFolder(relative)) {
          ctx.header("X-Hangar-Results-Host", host.name());
          boolean slash = ctx.path().endsWith("/");
          listing(ctx, slash ? relative + "/" : relative, host.list(relative));
          return true;
        }
        byte[] bytes = host.read(relative, offset);
        long size = host.list(relative).get(0).size();
        ctx.header("X-Hangar-Results-Host", host.name());
        ctx.header(SIZE_HEADER, Long.toString(size));
        ctx.contentType("text/plain; charset=utf-8");
        ctx.result(bytes);
        return true;
      } catch (NoSuchFileException e) {
        // not on this one
      } catch (LinkLeavesResultsException e) {
        ctx.header("X-Hangar-Results-Host", host.name());
        ctx.status(403)
            .json(new Json.ErrorJson(e.getMessage(), 403, "FORBIDDEN", Map.of("path", relative)));
        return true;
      } catch (IOException e) {
        org.slf4j.LoggerFactory.getLogger(ResultRoutes.class)
            .warn(
                "results host {} did not answer for {}: {}", host.name(), relative, e.getMessage());
      }
    }
    return false;
  }

  /** Streams a file from the drone holding it, chunk by chunk, or lists a folder there. */
  private static void serveFromDrone(
      Context ctx, String relative, DroneSlots.Held held, long offset) throws IOException {
    ctx.header("X-Hangar-Drone", held.drone().name());
    if (!held.isFile(relative)) {
      List<ResultsDirectory.Entry> entries =
          held.files().stream()
              .map(f -> new ResultsDirectory.Entry(f.path(), f.directory(), f.size(), f.link()))
              .toList();
      boolean slash = ctx.path().endsWith("/");
      listing(ctx, slash ? relative + "/" : relative, entries);
      return;
    }
    long size = held.files().get(0).size();
    ctx.contentType("text/plain; charset=utf-8");
    ctx.header(SIZE_HEADER, Long.toString(size));
    long position = Math.min(offset, size);
    try (java.io.OutputStream out = ctx.outputStream()) {
      while (position < size) {
        DroneChunk chunk = held.drone().read(relative, position, ResultsFiles.MAX_READ);
        if (chunk.bytes().length == 0) {
          break;
        }
        out.write(chunk.bytes());
        position += chunk.bytes().length;
      }
    }
  }

  private static void listing(Context ctx, String relative, List<ResultsDirectory.Entry> entries) {
    String folder = relative.isEmpty() || relative.endsWith("/") ? relative : relative + "/";
    if (!relative.equals(folder)) {
      // Relative links in an HTML listing need the folder's trailing slash.
      ctx.redirect("/results/" + folder);
      return;
    }
    String accept = ctx.header("Accept");
    if (accept != null && accept.contains("application/json")) {
      ctx.json(Map.of("path", folder, "entries", entries));
      return;
    }
    StringBuilder html = new StringBuilder("<!doctype html><title>Index of /results/");
    html.append(hangar.lab.Texts.html(folder))
        .append("</title><h1>/results/")
        .append(hangar.lab.Texts.html(folder));
    html.append("</h1><ul>");
    if (!folder.isEmpty()) {
      html.append("<li><a href=\"../\">../</a></li>");
    }
    for (ResultsDirectory.Entry e : entries) {
      String name = e.directory() ? e.name() + "/" : e.name();
      html.append("<li>");
      if (e.link() == LinkTarget.OUTSIDE) {
        // Not served: no link to follow, and nothing of the target shown.
        html.append(hangar.lab.Texts.html(e.name()))
            .append(" (symbolic link out of the results folder)");
      } else {
        html.append("<a href=\"")
            .append(hangar.lab.Texts.html(name))
            .append("\">")
            .append(hangar.lab.Texts.html(name))
            .append("</a>")
            .append(e.directory() ? "" : " (" + e.size() + " bytes)")
            .append(e.link() == LinkTarget.INSIDE ? " (symbolic link)" : "");
      }
      html.append("</li>");
    }
    html.append("</ul>");
    ctx.html(html.toString());
  }

  private static boolean isText(Path file) throws IOException {
    try (InputStream in = ResultsDirectory.open(file)) {
      byte[] head = in.readNBytes(SNIFF_BYTES);
      for (byte b : head) {
        if (b == 0) {
          return false;
        }
      }
      return true;
    }
  }
}
