package hangar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hangar login}: logs in with a login and password and keeps the API token the server makes
 * in {@code ~/.config/hangar/token} (mode 0600), which later commands read.
 */
@Command(
    name = "login",
    description =
        "Log in with your password and keep a new API token in ~/.config/hangar/token (mode"
            + " 0600) for the commands that follow. 'hangar logout' revokes it.")
public final class LoginCommand extends ApiAction {
  @Mixin JsonOption output;

  @Option(
      names = {"-u", "--user"},
      paramLabel = "LOGIN",
      description = "Your login (default: $USER).")
  String user;

  @Option(
      names = "--password-stdin",
      description = "Read the password from the first line of standard input.")
  boolean passwordStdin;

  @Option(
      names = "--expires",
      paramLabel = "DAYS",
      description = "Days until the token stops working (default: 30).")
  Integer expires = 30;

  @Override
  protected int execute(ApiClient client) {
    checkPositive("--expires", expires);
    String login = user != null ? user : CliEnvironment.current().variable("USER");
    if (login == null) {
      throw usage("say who you are with --user LOGIN");
    }
    Path file = CliEnvironment.current().userTokenFile();
    if (file == null) {
      throw new CliException("this environment has no user token file to keep a token in");
    }
    String password = PasswordInput.read(passwordStdin, "Password for " + login + ": ", false);
    ObjectNode body =
        ApiClient.JSON
            .createObjectNode()
            .put("login", login)
            .put("password", password)
            .put("token", true)
            .put("token_name", "hangar login on " + machineName())
            .put("expires_days", expires);
    JsonNode answer = client.postWithoutToken("/api/v1/login", body);
    save(file, answer.path("token").asText());
    if (output.json) {
      ObjectNode shown = answer.deepCopy();
      shown.remove("token");
      shown.put("token_file", file.toString());
      printJson(shown);
    } else {
      out().println("Logged in to " + client.server() + " as " + login + "; token kept in " + file);
    }
    return OK;
  }

  /** Writes the token file 0600 in a 0700 folder, replacing any older one in one rename. */
  static void save(Path file, String token) {
    try {
      Path folder = file.toAbsolutePath().getParent();
      if (!Files.isDirectory(folder)) {
        Files.createDirectories(
            folder,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Path temporary =
          Files.createTempFile(
              folder,
              ".token",
              ".new",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temporary, token + "\n", StandardCharsets.UTF_8);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CliException(
          "logged in, but cannot keep the token in " + file + ": " + e.getMessage(), e);
    }
  }

  private static String machineName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "this machine (" + e.getMessage() + ")";
    }
  }
}
