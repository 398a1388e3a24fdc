package hangar.api;

import hangar.lab.Texts;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Checks what every request carries besides its body: once decoded, its path and query hold no
 * control, line-break or bidi character and no NUL (no name or value the API takes has one, and
 * PostgreSQL cannot even compare with NUL). Done once, before any route, so that no lookup reaches
 * the database with such a value.
 */
final class RequestLines {
  private RequestLines() {}

  /**
   * Refuses the request if its path or query holds such a character.
   *
   * @throws IllegalArgumentException saying where
   */
  static void check(Context ctx) {
    if (!Texts.isPrintable(decode(ctx.path()), false)) {
      throw new IllegalArgumentException(
          "the request path holds a control, line-break or bidi character; no name has one");
    }
    for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
      boolean clean = Texts.isPrintable(param.getKey(), false);
      for (String value : param.getValue()) {
        clean &= Texts.isPrintable(value, false);
      }
      if (!clean) {
        throw new IllegalArgumentException(
            "query parameter '"
                + Texts.escape(param.getKey())
                + "' holds a control, line-break or bidi character; no value has one");
      }
    }
  }

  private static String decode(String path) {
    try {
      return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the request path has a '%' not followed by two hex digits; encode it as %25", e);
    }
  }
}
