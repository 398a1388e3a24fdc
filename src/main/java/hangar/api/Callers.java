package hangar.api;

import hangar.lab.Caller;
import io.javalin.http.Context;
import java.util.Optional;

/** Whom a request acts as, for the web pages, which render what the API's rules allow. */
public final class Callers {
  private Callers() {}

  /** The caller the access check found, or empty for an anonymous reader. */
  public static Optional<Caller> of(Context ctx) {
    return Authentication.callerIfAny(ctx);
  }

  /** The web session's cookie the request carries, or null. */
  public static String sessionCookie(Context ctx) {
    return ctx.cookie(Authentication.SESSION_COOKIE);
  }
}
