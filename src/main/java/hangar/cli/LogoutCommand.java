package hangar.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/** {@code hangar logout}: revokes the token {@code hangar login} kept, and deletes its file. */
@Command(
    name = "logout",
    description = "Revoke the token 'hangar login' kept in ~/.config/hangar/token and delete it.")
public final class LogoutCommand extends ApiAction {
  @Override
  protected int execute(ApiClient client) {
    Path file = CliEnvironment.current().userTokenFile();
    if (file == null || !Files.isRegularFile(file)) {
      out().println("Not logged in: there is no " + (file == null ? "user token file" : file));
      return OK;
    }
    try {
      String token = Files.readString(file).strip();
      if (!token.isEmpty()) {
        client.deleteWithToken("/api/v1/tokens/current", token);
      }
      Files.delete(file);
    } catch (IOException e) {
      throw new CliException("cannot read or delete " + file + ": " + e.getMessage(), e);
    }
    out().println("Logged out: the token is revoked and " + file + " deleted");
    return OK;
  }
}
