package hangar.cli.host;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Option;

/**
 * How a host is reached over SSH: {@code --user} and {@code --port}. A picocli mixin of {@code
 * create} and {@code mod}.
 */
final class SshOptions {
  @Option(
      names = "--user",
      paramLabel = "USER",
      description =
          "The login over SSH (default: the scheduler's own user); an empty value goes back to"
              + " the default.")
  String user;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "The SSH port (default 22); 0 goes back to the default.")
  Integer port;

  /** True when neither option was given. */
  boolean isEmpty() {
    return user == null && port == null;
  }

  /** Puts the options given into an API request body. */
  void putInto(ObjectNode body) {
    if (user != null) {
      body.put("ssh_user", user);
    }
    if (port != null) {
      body.put("ssh_port", port);
    }
  }

  /** The options given, in words: {@code user (default), port 22}. */
  String describe() {
    return (user == null ? "" : "user " + (user.isEmpty() ? "(default)" : user))
        + (user != null && port != null ? ", " : "")
        + (port == null ? "" : "port " + (port == 0 ? "22" : port));
  }
}
