package hangar.api;

import hangar.lab.Names;
import hangar.store.Page;
import hangar.store.Slice;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The paging of list routes: {@code ?limit=N} (1 to {@value Page#MAX_LIMIT}; more is a 400, not a
 * silent cut) and {@code ?after=KEY}, and a {@code Link: <...>; rel="next"} header on every page
 * that is not the last, so a client follows it until it is gone.
 */
final class Paging {
  /** How many items a list answers unless asked otherwise. */
  static final int DEFAULT_LIMIT = Page.MAX_LIMIT;

  private Paging() {}

  /**
   * The page a request asks for.
   *
   * @throws IllegalArgumentException for a limit that is not a number from 1 to the maximum
   */
  static Page page(Context ctx, int defaultLimit) {
    String limit = ctx.queryParam("limit");
    int n;
    if (limit == null) {
      n = defaultLimit;
    } else {
      try {
        n = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "limit must be a whole number from 1 to "
                + Page.MAX_LIMIT
                + ", was "
                + Names.quote(limit),
            e);
      }
    }
    String after = ctx.queryParam("after");
    return new Page(n, after == null || after.isEmpty() ? null : after);
  }

  /** Answers the page's items as a JSON list, with the next page's link when there is one. */
  static <T> void reply(Context ctx, Slice<T> slice, Function<T, ?> toJson) {
    if (slice.next() != null) {
      ctx.header("Link", "<" + next(ctx, slice.next()) + ">; rel=\"next\"");
    }
    ctx.json(slice.items().stream().map(toJson).toList());
  }

  /** This request's path and query with {@code after} set to the next page's key. */
  private static String next(Context ctx, String after) {
    StringJoiner query = new StringJoiner("&", "?", "");
    for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
      if (!param.getKey().equals("after")) {
        for (String value : param.getValue()) {
          query.add(encode(param.getKey()) + "=" + encode(value));
        }
      }
    }
    query.add("after=" + encode(after));
    return ctx.path() + query;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
