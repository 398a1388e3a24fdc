package hangar.host;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a host is reached over SSH, written as OpenSSH users write it: {@code [user@]host[:port]}
 * ({@code [v6 address]:port} for IPv6).
 *
 * @param user the login
 * @param host the name or address
 * @param port the SSH port
 */
public record HostAddress(String user, String host, int port) {
  /** OpenSSH's port. */
  public static final int DEFAULT_PORT = 22;

  private static final Pattern FORM =
      Pattern.compile("(?:([^@\\s]+)@)?(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+)(?::(\\d{1,5}))?");

  public HostAddress {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("SSH port must be 1 to 65535, was " + port);
    }
  }

  /**
   * Reads {@code [user@]host[:port]}.
   *
   * @param defaultUser the login when none is given (OpenSSH's: the local user)
   * @throws IllegalArgumentException saying what form is expected
   */
  public static HostAddress parse(String text, String defaultUser) {
    Matcher m = FORM.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a host address; write [user@]host[:port], like root@board7:2222");
    }
    String host = m.group(2);
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = m.group(3) == null ? DEFAULT_PORT : Integer.parseInt(m.group(3));
    return new HostAddress(m.group(1) == null ? defaultUser : m.group(1), host, port);
  }

  /** {@code user@host:port}. */
  @Override
  public String toString() {
    return user + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
