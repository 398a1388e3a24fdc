package hangar.api;

import hangar.lab.Names;
import io.javalin.http.Context;

/** Small things every route needs. */
final class Routes {
  /** Until users and ACLs exist, every token-holding caller acts as the admin. */
  static final String ADMIN = "admin";

  private Routes() {}

  /** The user a request acts as. */
  static String user(Context ctx) {
    return ADMIN;
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
