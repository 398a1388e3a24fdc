package hangar.cli;

import java.nio.file.Path;

/** A write needs an API token and none was given by flag, environment or token file. */
final class MissingTokenException extends CliException {
  private static final long serialVersionUID = 1L;

  MissingTokenException(String request, Path tokenFile) {
    super(
        "'"
            + request
            + "' needs an API token and none was found: run 'hangar login', pass --token TOKEN,"
            + " set "
            + ApiOptions.TOKEN_VARIABLE
            + ", or run where the server's data directory holds it ("
            + tokenFile.toAbsolutePath()
            + " is missing or empty)");
  }
}
