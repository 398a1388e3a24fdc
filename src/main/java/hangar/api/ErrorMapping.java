package hangar.api;

import com.fasterxml.jackson.core.JacksonException;
import hangar.HangarException;
import hangar.lab.AclViolationException;
import hangar.store.ConflictException;
import hangar.store.NotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every exception the routes let out becomes one JSON error shape with the right status. */
final class ErrorMapping {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  private ErrorMapping() {}

  static void install(RoutesConfig routes) {
    routes.exception(NotFoundException.class, (e, ctx) -> reply(ctx, 404, "NOT_FOUND", e));
    routes.exception(ConflictException.class, (e, ctx) -> reply(ctx, 409, "CONFLICT", e));
    routes.exception(AclViolationException.class, (e, ctx) -> reply(ctx, 403, "FORBIDDEN", e));
    routes.exception(
        LoginRoutes.TooManyRequestsException.class,
        (e, ctx) -> reply(ctx, 429, "TOO_MANY_REQUESTS", e));
    routes.exception(UnauthorizedException.class, (e, ctx) -> reply(ctx, 401, "UNAUTHORIZED", e));
    routes.exception(IllegalArgumentException.class, (e, ctx) -> reply(ctx, 400, "BAD_REQUEST", e));
    routes.exception(
        JacksonException.class,
        (e, ctx) ->
            reply(ctx, 400, "BAD_REQUEST", "malformed JSON body: " + e.getOriginalMessage()));
    routes.exception(
        HttpResponseException.class,
        (e, ctx) -> reply(ctx, e.getStatus(), "HTTP_" + e.getStatus(), e.getMessage()));
    routes.exception(HangarException.class, (e, ctx) -> reply(ctx, 400, "BAD_REQUEST", e));
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
          reply(ctx, 500, "INTERNAL", "internal error: " + e + "; see the server log");
        });
  }

  private static void reply(Context ctx, int status, String type, Exception e) {
    reply(ctx, status, type, e.getMessage());
  }

  private static void reply(Context ctx, int status, String type, String title) {
    ctx.status(status).json(new Json.ErrorJson(title, status, type, Map.of()));
  }
}
