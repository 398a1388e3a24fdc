package hangar.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to a request Jetty refuses before any route sees it (a path that is not UTF-8, a
 * malformed URI, a header too large), in the API's JSON error shape and for every method: Jetty's
 * own handler writes HTML, or nothing at all for {@code PUT}, {@code PATCH} and {@code DELETE}.
 */
final class JettyErrors extends ErrorHandler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int code = response.getStatus();
    String message = (String) request.getAttribute(ERROR_MESSAGE);
    if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException http) {
      code = http.getCode();
      response.setStatus(code);
      message = message == null ? http.getReason() : message;
    }
    response.getHeaders().put(ERROR_CACHE_CONTROL);
    if (HttpStatus.hasNoBody(code)) {
      callback.succeeded();
      return true;
    }
    // Jetty's own reasons are fixed words ("Bad UTF-8 encoding"); anything else, such as an
    // exception's text, stays out of the answer.
    String title =
        code >= 500 || message == null
            ? "the server could not take this request (HTTP " + code + ")"
            : message;
    byte[] body;
    try {
      body =
          Json.mapper()
              .writeValueAsBytes(
                  new Json.ErrorJson(
                      ErrorMapping.title(title, code), code, "HTTP_" + code, Map.of()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an error answer failed to serialize; this is a bug", e);
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}
