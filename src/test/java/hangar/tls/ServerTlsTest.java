package hangar.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import hangar.config.ServerSettings;
import hangar.testing.Eventually;
import hangar.testing.TestCa;
import hangar.testing.TestCa.KeyFormat;
import hangar.testing.TestCa.KeyType;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A real Javalin server on loopback, set up by {@link ServerTls} as the API server is. */
class ServerTlsTest {
  private static final TestCa CA = TestCa.create("Hangar Test Root");

  @TempDir Path dir;

  private Javalin app;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  private Javalin start(ServerTls tls) {
    app =
        Javalin.create(
                cfg -> {
                  tls.install(cfg);
                  cfg.startup.showJavalinBanner = false;
                  cfg.routes.get("/hello", ctx -> ctx.result("hello over " + ctx.scheme()));
                })
            .start("127.0.0.1", 0);
    return app;
  }

  private ServerSettings settings(Path cert, Path key) {
    return new ServerSettings("127.0.0.1", cert, key, false, false);
  }

  @Test
  void the_server_speaks_https_only_with_the_certificate_and_its_chain() throws Exception {
    TestCa issuing = CA.intermediate("Hangar Test Issuing CA");
    TestCa.Issued issued = issuing.issue(KeyType.RSA, "localhost", "127.0.0.1");
    ServerTls tls =
        ServerTls.load(
            settings(
                issued.writeChain(dir.resolve("cert.pem")),
                issued.writeKey(dir.resolve("key.pem"), KeyFormat.TRADITIONAL)),
            Clock.systemUTC());
    start(tls);
    ClientTls trust =
        ClientTls.create(CA.writeCertificate(dir.resolve("ca.pem")), "--ca-file", "--ca-file");

    try (HttpClient http = HttpClient.newBuilder().sslContext(trust.sslContext()).build()) {
      HttpResponse<String> reply =
          http.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + "/hello"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(reply.body()).isEqualTo("hello over https");
      assertThat(reply.sslSession().orElseThrow().getPeerCertificates())
          .containsExactly(issued.chain().get(0), issued.chain().get(1));
      // Plain HTTP on the same port gets no answer from the API.
      assertThatThrownBy(
              () ->
                  http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + app.port() + "/hello"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(java.io.IOException.class);
    }
    assertThat(tls.scheme()).isEqualTo("https");
  }

  @Test
  void a_replaced_certificate_is_served_without_a_restart_and_a_bad_one_is_not() throws Exception {
    TestCa.Issued first = CA.issue(KeyType.EC, "localhost", "127.0.0.1");
    Path cert = first.writeChain(dir.resolve("cert.pem"));
    Path key = first.writeKey(dir.resolve("key.pem"), KeyFormat.PKCS8);
    start(ServerTls.load(settings(cert, key), Clock.systemUTC(), Duration.ofMillis(50)));
    assertThat(served()).isEqualTo(first.certificate());

    // Renewed as certbot does: new files moved over the old ones, the key first.
    TestCa.Issued second = CA.issue(KeyType.EC, "localhost", "127.0.0.1");
    Files.move(
        second.writeKey(dir.resolve("key.new"), KeyFormat.PKCS8),
        key,
        StandardCopyOption.ATOMIC_MOVE);
    Files.move(second.writeChain(dir.resolve("cert.new")), cert, StandardCopyOption.ATOMIC_MOVE);
    Eventually.await(
        Duration.ofSeconds(30),
        "the renewed certificate to be served",
        () -> served().equals(second.certificate()));

    Logger logger = (Logger) LoggerFactory.getLogger(CertificateReloader.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    try {
      Files.writeString(cert, "-----BEGIN CERTIFICATE-----\ntruncated");
      Eventually.await(
          Duration.ofSeconds(30),
          "the broken file to be reported",
          () -> events.list.stream().anyMatch(e -> e.getFormattedMessage().contains("keeps")));
    } finally {
      logger.detachAppender(events);
    }
    assertThat(events.list.getLast().getFormattedMessage())
        .isEqualTo(
            "the TLS files changed but cannot be used, so the server keeps its previous"
                + " certificate: tls_cert "
                + cert
                + ": is not a valid PEM file: -----END CERTIFICATE----- not found");
    assertThat(served()).isEqualTo(second.certificate());
  }

  @Test
  void a_plain_server_on_a_network_address_is_warned_about_and_one_on_loopback_is_not() {
    assertThat(ServerTls.clearTextWarning(null)).isPresent();
    assertThat(ServerTls.clearTextWarning("0.0.0.0").orElseThrow())
        .startsWith(
            "the server listens on 0.0.0.0 in plain HTTP: API tokens, passwords and results"
                + " would cross the network in clear. Set tls_cert and tls_key in [SERVER]");
    assertThat(ServerTls.clearTextWarning("::")).isPresent();
    assertThat(ServerTls.clearTextWarning("127.0.0.1")).isEmpty();
    assertThat(ServerTls.clearTextWarning("127.0.3.4")).isEmpty();
    assertThat(ServerTls.clearTextWarning("localhost")).isEmpty();
    assertThat(ServerTls.clearTextWarning("::1")).isEmpty();
  }

  @Test
  void without_tls_files_the_server_stays_plain() throws Exception {
    ServerTls tls = ServerTls.load(ServerSettings.defaults(), Clock.systemUTC());
    start(tls);

    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> reply =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/hello"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(reply.body()).isEqualTo("hello over http");
    }
    assertThat(tls.isEnabled()).isFalse();
  }

  /** The certificate a fresh TLS connection is shown, trusting anything: the test looks only. */
  private X509Certificate served() {
    try {
      ClientTls trust =
          ClientTls.create(CA.writeCertificate(dir.resolve("ca.pem")), "--ca-file", "--ca-file");
      try (SSLSocket socket =
          (SSLSocket) trust.sslContext().getSocketFactory().createSocket("127.0.0.1", app.port())) {
        socket.startHandshake();
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
