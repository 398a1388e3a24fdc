package hangar.cli;

import hangar.tls.ClientTls;
import hangar.tls.TlsFileException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every API action shares, as a picocli mixin: which server to talk to and which token
 * to write with. The server comes from {@code --server}, then {@code HANGAR_SERVER}, then {@link
 * #DEFAULT_SERVER}; the token from {@code --token}, then {@code HANGAR_TOKEN}, then the user's
 * token file ({@code ~/.config/hangar/token}, written by {@code hangar login}), then the admin
 * token file {@link #DEFAULT_TOKEN_FILE} of a data directory the CLI runs next to; the CAs an
 * {@code https} server must chain to from {@code --ca-file}, then {@code HANGAR_CA_FILE}, then the
 * system's.
 */
public final class ApiOptions {
  /** The server used when neither {@code --server} nor {@code HANGAR_SERVER} names one. */
  public static final String DEFAULT_SERVER = "http://localhost:8080";

  /** The environment variable naming the server. */
  public static final String SERVER_VARIABLE = "HANGAR_SERVER";

  /** The environment variable holding the API token. */
  public static final String TOKEN_VARIABLE = "HANGAR_TOKEN";

  /**
   * The token file read last, relative to the working directory: the admin token the server writes
   * to its default data directory ({@code ./var}) at first start.
   */
  public static final Path DEFAULT_TOKEN_FILE = Path.of("var", "admin.token");

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "Hangar server to talk to (default: $HANGAR_SERVER, else " + DEFAULT_SERVER + ").")
  String server;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "API token (default: $HANGAR_TOKEN, else ~/.config/hangar/token from 'hangar login',"
              + " else the file var/admin.token).")
  String token;

  @Option(
      names = "--ca-file",
      paramLabel = "FILE",
      description =
          "PEM file of the CA that signed an https server's certificate, trusted instead of the"
              + " system's CAs (default: $HANGAR_CA_FILE, else the system's CAs).")
  Path caFile;

  /**
   * A client for the chosen server that writes with the chosen token.
   *
   * @throws CliException when the CA file cannot be used
   */
  ApiClient client() {
    return ApiClient.create(serverUri(), this::token, this::tokenIfAny, trust());
  }

  /** The CAs an https server's certificate must chain to: --ca-file, $HANGAR_CA_FILE, system's. */
  private ClientTls trust() {
    String fromEnvironment = CliEnvironment.current().variable(ClientTls.CA_FILE_VARIABLE);
    Path file = caFile != null ? caFile : fromEnvironment == null ? null : Path.of(fromEnvironment);
    try {
      return ClientTls.create(
          file,
          caFile != null ? "--ca-file" : ClientTls.CA_FILE_VARIABLE,
          "--ca-file FILE or " + ClientTls.CA_FILE_VARIABLE);
    } catch (TlsFileException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  /**
   * The server's base URL, without a trailing slash.
   *
   * @throws ParameterException when it is not an http or https URL
   */
  URI serverUri() {
    CliEnvironment environment = CliEnvironment.current();
    String text = server != null ? server : environment.variable(SERVER_VARIABLE);
    String source = server != null ? "--server" : SERVER_VARIABLE;
    if (text == null) {
      return URI.create(DEFAULT_SERVER);
    }
    text = text.strip();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below with the accepted form
    }
    throw new ParameterException(
        mixee.commandLine(),
        source + " '" + text + "' is not an http(s) URL; give one like " + DEFAULT_SERVER);
  }

  /**
   * The token for a request that needs one, from the flag, the environment or the token files, in
   * that order.
   *
   * @throws MissingTokenException when none of them gives one
   * @throws CliException when a token file exists but cannot be read
   */
  String token(String request) {
    String found = tokenIfAny();
    if (found == null) {
      throw new MissingTokenException(request, CliEnvironment.current().defaultTokenFile());
    }
    return found;
  }

  /**
   * The token, or null when neither the flag, the environment nor a token file gives one.
   *
   * @throws CliException when a token file exists but cannot be read
   */
  String tokenIfAny() {
    if (token != null && !token.isBlank()) {
      return token.strip();
    }
    CliEnvironment environment = CliEnvironment.current();
    String fromEnvironment = environment.variable(TOKEN_VARIABLE);
    if (fromEnvironment != null) {
      return fromEnvironment;
    }
    for (Path file : new Path[] {environment.userTokenFile(), environment.defaultTokenFile()}) {
      String fromFile = file == null ? null : readTokenFile(file);
      if (fromFile != null) {
        return fromFile;
      }
    }
    return null;
  }

  private static String readTokenFile(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? null : text;
    } catch (IOException e) {
      throw new CliException(
          "cannot read the token file "
              + file.toAbsolutePath()
              + ": "
              + e.getMessage()
              + "; pass --token TOKEN or set "
              + TOKEN_VARIABLE,
          e);
    }
  }
}
