package hangar.api;

import hangar.lab.Names;
import io.javalin.http.Context;

/** Small things every route needs. */
final class Routes {
  private Routes() {}

  /**
   * The login of the user a request acts as.
   *
   * @throws UnauthorizedException for an anonymous reader
   */
  static String user(Context ctx) {
    return Authentication.caller(ctx).login();
  }

  /** A path parameter that must be a whole number. */
  static long longParam(Context ctx, String name) {
    String text = ctx.pathParam(name);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, was " + Names.quote(text), e);
    }
  }

  /** A query parameter that is {@code true} or {@code false}; absent means false. */
  static boolean flag(Context ctx, String name) {
    String text = ctx.queryParam(name);
    if (text == null || text.equals("false")) {
      return false;
    }
    if (text.equals("true")) {
      return true;
    }
    throw new IllegalArgumentException(name + " must be true or false, was " + Names.quote(text));
  }
}
