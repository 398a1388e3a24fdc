package hangar.api;

import hangar.results.ResultsDirectory;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code /results/<path>}: any file of any job's results folder, and folder listings. */
final class ResultRoutes {
  private static final int SNIFF_BYTES = 8192;

  private final ResultsDirectory results;

  ResultRoutes(ResultsDirectory results) {
    this.results = results;
  }

  void install(RoutesConfig routes) {
    routes.get("/results", ctx -> serve(ctx, ""));
    routes.get("/results/", ctx -> serve(ctx, ""));
    routes.get("/results/<path>", ctx -> serve(ctx, ctx.pathParam("path")));
  }

  private void serve(Context ctx, String relative) throws IOException {
    Path path;
    try {
      path = results.resolve(relative);
    } catch (NoSuchFileException e) {
      ctx.status(404)
          .json(new Json.ErrorJson(e.getMessage(), 404, "NOT_FOUND", Map.of("path", relative)));
      return;
    }
    if (Files.isDirectory(path)) {
      // The path parameter loses a trailing slash; the request's own path keeps it.
      boolean slash = ctx.path().endsWith("/") || relative.isEmpty();
      listing(ctx, relative.isEmpty() || !slash ? relative : relative + "/", results.list(path));
      return;
    }
    ctx.contentType(isText(path) ? "text/plain; charset=utf-8" : "application/octet-stream");
    ctx.header("Content-Length", Long.toString(Files.size(path)));
    ctx.result(Files.newInputStream(path));
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
    html.append(escape(folder)).append("</title><h1>/results/").append(escape(folder));
    html.append("</h1><ul>");
    if (!folder.isEmpty()) {
      html.append("<li><a href=\"../\">../</a></li>");
    }
    for (ResultsDirectory.Entry e : entries) {
      String name = e.directory() ? e.name() + "/" : e.name();
      html.append("<li><a href=\"")
          .append(escape(name))
          .append("\">")
          .append(escape(name))
          .append("</a>")
          .append(e.directory() ? "" : " (" + e.size() + " bytes)")
          .append("</li>");
    }
    html.append("</ul>");
    ctx.html(html.toString());
  }

  private static boolean isText(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(SNIFF_BYTES);
      for (byte b : head) {
        if (b == 0) {
          return false;
        }
      }
      return true;
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
