package hangar.api;

import com.fasterxml.jackson.core.JacksonException;
import hangar.HangarException;
import hangar.lab.AclViolationException;
import hangar.lab.Texts;
import hangar.store.ConflictException;
import hangar.store.NotFoundException;
import hangar.store.StorageFailures;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every exception the routes let out becomes one JSON error shape with the right status. What a
 * client sees is only what our own messages say, escaped and bounded: an unexpected failure answers
 * 500 with a reference to the server log, never the exception, its class or a stack trace.
 */
final class ErrorMapping {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The longest title an error carries; a message that echoes a huge input is cut there. */
  static final int MAX_TITLE_LENGTH = 2000;

  private ErrorMapping() {}

  static void install(RoutesConfig routes) {
    routes.exception(NotFoundException.class, (e, ctx) -> reply(ctx, 404, "NOT_FOUND", e));
    routes.exception(ConflictException.class, (e, ctx) -> reply(ctx, 409, "CONFLICT", e));
    routes.exception(AclViolationException.class, (e, ctx) -> reply(ctx, 403, "FORBIDDEN", e));
    routes.exception(
        LoginRoutes.TooManyRequestsException.class,
        (e, ctx) -> reply(ctx, 429, "TOO_MANY_REQUESTS", e));
    routes.exception(
        UnauthorizedException.class,
        (e, ctx) -> {
          if (Authentication.isPage(ctx)) {
            String back = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            String login =
                Authentication.LOGIN_PAGE
                    + "?next="
                    + java.net.URLEncoder.encode(back, java.nio.charset.StandardCharsets.UTF_8);
            if (ctx.header("HX-Request") != null) {
              // A live part of a page whose session ended: htmx sends the whole page to the login.
              ctx.header("HX-Redirect", login).status(401);
            } else {
              ctx.redirect(login);
            }
          } else {
            reply(ctx, 401, "UNAUTHORIZED", e);
          }
        });
    routes.exception(IllegalArgumentException.class, (e, ctx) -> reply(ctx, 400, "BAD_REQUEST", e));
    routes.exception(
        JacksonException.class, (e, ctx) -> reply(ctx, 400, "BAD_REQUEST", JsonErrors.describe(e)));
    routes.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          if (e.getStatus() >= 500) {
            internal(ctx, e);
          } else {
            reply(ctx, e.getStatus(), "HTTP_" + e.getStatus(), e.getMessage());
          }
        });
    routes.exception(
        hangar.drone.DroneUnreachableException.class,
        (e, ctx) -> reply(ctx, 502, "DRONE_UNAVAILABLE", e));
    routes.exception(
        hangar.drone.DroneRequestException.class,
        (e, ctx) -> reply(ctx, 502, "DRONE_UNAVAILABLE", e));
    routes.exception(
        HangarException.class,
        (e, ctx) -> {
          if (!unavailable(ctx, e)) {
            reply(ctx, 400, "BAD_REQUEST", e);
          }
        });
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          if (!unavailable(ctx, e)) {
            internal(ctx, e);
          }
        });
  }

  /**
   * Answers 503 when the database or the disk under the server failed: not the request's fault, and
   * it passes. The cause is the driver's or the system's own words, without a stack trace.
   *
   * @return false when {@code e} is no such failure
   */
  private static boolean unavailable(Context ctx, Exception e) {
    Optional<StorageFailures.Failure> failure = StorageFailures.of(e);
    if (failure.isEmpty()) {
      return false;
    }
    LOG.warn("{} {} failed: {}", ctx.method(), ctx.path(), failure.get().describe());
    String type =
        failure.get().kind() == StorageFailures.Kind.STORAGE_FULL
            ? "STORAGE_FULL"
            : "DATABASE_UNAVAILABLE";
    reply(ctx, 503, type, failure.get().describe());
    return true;
  }

  /** A failure nobody planned for: logged in full under a reference the answer gives. */
  private static void internal(Context ctx, Exception e) {
    String reference = reference();
    LOG.error("{} {} failed (reference {})", ctx.method(), ctx.path(), reference, e);
    reply(
        ctx,
        500,
        "INTERNAL",
        "internal error (reference " + reference + "); the server log has the details");
  }

  private static String reference() {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static void reply(Context ctx, int status, String type, Exception e) {
    reply(ctx, status, type, e.getMessage());
  }

  private static void reply(Context ctx, int status, String type, String title) {
    String accept = ctx.header("Accept");
    if (Authentication.isPage(ctx)
        && ctx.header("HX-Request") == null
        && (accept == null || !accept.contains("application/json"))) {
      // A browser asked for a page: it gets a page that says what went wrong.
      ctx.status(status)
          .html(
              "<!doctype html><meta charset=\"utf-8\"><title>Hangar: HTTP "
                  + status
                  + "</title><link rel=\"stylesheet\" href=\"/static/hangar.css\"><main><h1>"
                  + status
                  + " "
                  + type.replace('_', ' ').toLowerCase(java.util.Locale.ROOT)
                  + "</h1><p id=\"error\">"
                  + hangar.lab.Texts.html(title(title, status))
                  + "</p><p><a href=\"/\">Dashboard</a></p></main>");
      return;
    }
    ctx.status(status).json(new Json.ErrorJson(title(title, status), status, type, Map.of()));
  }

  /** The message as an answer may carry it: never empty, escaped, and at most a few KB. */
  static String title(String message, int status) {
    if (message == null || message.isBlank()) {
      return "the request failed with HTTP " + status;
    }
    String cut =
        message.length() > MAX_TITLE_LENGTH
            ? message.substring(0, MAX_TITLE_LENGTH) + "... (cut)"
            : message;
    return Texts.escape(cut);
  }
}
