package hangar.tls;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Whom a client of the server (the CLI, a worker) trusts for {@code https://} and {@code wss://}:
 * the system's CAs, or only the CA certificates of one PEM file, as {@code curl --cacert} does. The
 * JDK's client checks the chain and that the certificate names the host of the URL; {@link
 * #explain} turns its refusal into a sentence that names the server, the cause and the way out.
 */
public final class ClientTls {
  /** The environment variable the CLI reads a CA file from when {@code --ca-file} is not given. */
  public static final String CA_FILE_VARIABLE = "HANGAR_CA_FILE";

  // The system's context is made on first use: a CLI command against an http:// server never
  // needs it, and making it reads the JDK's CA store.
  private volatile SSLContext context;
  private final Path caFile;
  private final String howToTrust;

  private ClientTls(SSLContext context, Path caFile, String howToTrust) {
    this.context = context;
    this.caFile = caFile;
    this.howToTrust = howToTrust;
  }

  /**
   * Trusts the CAs of {@code caFile}, or the system's when it is null.
   *
   * @param caFile a PEM file of one or more CA certificates, or null
   * @param namedBy what named the file ({@code --ca-file}, {@value #CA_FILE_VARIABLE}), for
   *     messages
   * @param howToTrust how the user names a CA file, such as {@code "--ca-file FILE"}, for messages
   * @throws TlsFileException when the file cannot be read or holds no certificate
   */
  public static ClientTls create(Path caFile, String namedBy, String howToTrust) {
    Objects.requireNonNull(howToTrust, "howToTrust");
    if (caFile == null) {
      return new ClientTls(null, null, howToTrust);
    }
    List<X509Certificate> cas = PemFiles.certificates(caFile, namedBy);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return new ClientTls(context, caFile, howToTrust);
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsFileException(namedBy, caFile, "cannot be used as trusted CAs: " + e, e);
    }
  }

  /** The TLS context for the JDK's HTTP clients: the CA file's, or the system's. */
  public SSLContext sslContext() {
    SSLContext made = context;
    if (made == null) {
      try {
        made = SSLContext.getDefault();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("this JDK has no default TLS context", e);
      }
      context = made;
    }
    return made;
  }

  /**
   * Says why a connection to {@code server} failed, when TLS was the reason.
   *
   * @param server the server's URL, named in the sentence
   * @param error what connecting threw, with its causes
   * @return the sentence, or empty when the failure was not TLS's (refused, timed out...)
   */
  public Optional<String> explain(URI server, Throwable error) {
    String root = rootMessage(error);
    String start = "the Hangar server at " + server + " ";
    if (find(error, SSLException.class) == null
        && find(error, CertificateException.class) == null) {
      return answeredInTls(error)
          ? Optional.of(start + "answered in TLS: it serves HTTPS, so use an https:// URL")
          : Optional.empty();
    }
    if (find(error, CertificateException.class) != null
        || find(error, CertPathBuilderException.class) != null
        || find(error, CertPathValidatorException.class) != null) {
      return Optional.of(
          start + "presented a certificate that does not verify: " + certificate(error, root));
    }
    // The JDK's words for a first reply that is not TLS, across versions.
    if (root.contains("nrecognized SSL message")) {
      return Optional.of(
          start
              + "does not speak TLS on that port ("
              + root
              + "); if it serves plain HTTP, use an http:// URL");
    }
    return Optional.of(start + "failed the TLS handshake: " + root);
  }

  private String certificate(Throwable error, String root) {
    if (find(error, CertificateExpiredException.class) != null) {
      return "it has expired (" + root + "); the server's certificate must be renewed";
    }
    if (find(error, CertificateNotYetValidException.class) != null) {
      return "it is not valid yet (" + root + "); check the clocks of both machines";
    }
    if (root.startsWith("No subject alternative") || root.startsWith("No name matching")) {
      return "it is not issued for that name ("
          + root
          + "); use a name the certificate lists in the URL, or reissue it with this one";
    }
    if (caFile == null) {
      return "no CA this machine trusts signed it ("
          + root
          + "); if your lab has its own CA, give its certificate with "
          + howToTrust;
    }
    return "no CA in " + caFile + " signed it (" + root + "); check that file is the lab's CA";
  }

  /**
   * Says whether {@code server}, an {@code http://} URL whose request failed with a broken answer,
   * answers in TLS: it sends a plain request line and looks at the first bytes of the answer. For
   * HTTP clients that, unlike the JDK's {@code HttpClient}, do not quote what they received.
   *
   * @return the sentence for an https server asked in plain HTTP, or empty
   */
  public static Optional<String> probePlainHttp(URI server) {
    if (!"http".equals(server.getScheme()) || server.getHost() == null) {
      return Optional.empty();
    }
    int port = server.getPort() < 0 ? 80 : server.getPort();
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(server.getHost(), port), 2000);
      socket.setSoTimeout(2000);
      socket
          .getOutputStream()
          .write(
              "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      byte[] first = socket.getInputStream().readNBytes(2);
      boolean tls = first.length == 2 && (first[0] == 0x15 || first[0] == 0x16) && first[1] == 0x03;
      return tls
          ? Optional.of(
              "the Hangar server at "
                  + server
                  + " answered in TLS: it serves HTTPS, so use an https:// URL")
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // the probe is a diagnosis only; the first failure is reported
    }
  }

  /**
   * Whether a plain HTTP client's parse error quotes the first bytes of a TLS record (an alert or a
   * handshake, version 3.x): the JDK puts them in its message as {@code receiving [...]}.
   */
  private static boolean answeredInTls(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage();
      int at = message.indexOf("receiving [");
      int first = at + "receiving [".length();
      if (at >= 0 && message.length() >= first + 2) {
        char type = message.charAt(first);
        if ((type == 0x15 || type == 0x16) && message.charAt(first + 1) == 0x03) {
          return true;
        }
      }
    }
    return false;
  }

  private static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** The innermost message: the JDK's outer TLS exceptions repeat it with class names around. */
  private static String rootMessage(Throwable error) {
    String message = error.toString();
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message;
  }
}
