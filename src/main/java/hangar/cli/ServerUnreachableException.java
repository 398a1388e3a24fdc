package hangar.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;

/** The Hangar server did not answer: nothing listens at the URL, or the connection broke. */
final class ServerUnreachableException extends CliException {
  private static final long serialVersionUID = 1L;

  private final URI server;

  ServerUnreachableException(URI server, IOException cause) {
    super(
        "cannot reach the Hangar server at "
            + server
            + ": "
            + describe(cause)
            + "; start it with 'bin/hangar server' or pass --server",
        cause);
    this.server = server;
  }

  /** The server URL that did not answer. */
  URI server() {
    return server;
  }

  // HttpClient's ConnectException often has no message of its own; its cause says "Connection
  // refused", so the first message down the chain is the one worth showing.
  private static String describe(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return error instanceof ConnectException
        ? "connection refused"
        : error.getClass().getSimpleName();
  }
}
