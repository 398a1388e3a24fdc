package hangar.cli;

/**
 * The server answered a request with a 4xx or 5xx status. The message is the API error's {@code
 * title}, which already says what went wrong and what to do.
 */
final class ApiException extends CliException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;

  ApiException(int status, String type, String message) {
    super(message);
    this.status = status;
    this.type = type;
  }

  /** The HTTP status, for example 404. */
  int status() {
    return status;
  }

  /** The API error's {@code type}, for example {@code NOT_FOUND}, or empty when it sent none. */
  String type() {
    return type;
  }
}
