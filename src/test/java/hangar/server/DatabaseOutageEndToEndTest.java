package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import hangar.config.DatabaseSettings;
import hangar.config.DbType;
import hangar.config.GlobalConfig;
import hangar.testing.Eventually;
import hangar.testing.TcpProxy;
import hangar.testing.TestConfigs;
import hangar.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The all-in-one server with a loopback proxy between it and the real PostgreSQL or MariaDB, which
 * the test cuts (connections refused) or turns into a black hole (accepted, never answered) while a
 * session runs. Requests then answer 503 "database unavailable" instead of hanging, the scheduler
 * pauses ({@code hangar_scheduler_paused} 1), and once the proxy is restored the scheduler resumes
 * on its own and records the session that ended during the outage.
 */
class DatabaseOutageEndToEndTest {
  /** How long a request may take during the outage: the operator saw none answer in 20 s. */
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);

  private static final int REQUESTS = 10;

  @TempDir Path dir;

  private DatabaseSettings database;
  private TcpProxy proxy;
  private ServerRole server;

  @AfterEach
  void stop() throws IOException {
    if (proxy != null) {
      proxy.restore();
    }
    if (server != null) {
      server.closeWithDrone();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (database != null) {
      TestDatabases.drop(database);
    }
  }

  static Stream<Arguments> outages() {
    return Stream.of(
        Arguments.of(DbType.POSTGRESQL, true),
        Arguments.of(DbType.MYSQL, true),
        Arguments.of(DbType.POSTGRESQL, false));
  }

  @ParameterizedTest(name = "{0}, black hole {1}")
  @MethodSource("outages")
  void an_outage_answers_503_quickly_pauses_the_scheduler_and_loses_no_session(
      DbType type, boolean blackhole) throws Exception {
    database = TestDatabases.fresh(type);
    proxy =
        TcpProxy.to(new InetSocketAddress(TestDatabases.POSTGRES_HOST, database.portOrDefault()));
    DatabaseSettings viaProxy =
        new DatabaseSettings(
            type,
            database.host(),
            proxy.port(),
            database.database(),
            database.user(),
            database.password());
    Path config = TestConfigs.write(dir.resolve("global_config.ini"), viaProxy);
    Files.writeString(config, "\n[SERVER]\nmetrics_anonymous: true\n", StandardOpenOption.APPEND);
    server =
        ServerRole.start(
            GlobalConfig.load(config), dir.resolve("var"), "127.0.0.1", 0, true, Clock.systemUTC());
    FuzzClient client = new FuzzClient("http://127.0.0.1:" + server.port(), server.adminToken());
    ch.qos.logback.classic.Logger membership =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger("hangar.scheduler.Membership");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> beats =
        new ch.qos.logback.core.read.ListAppender<>();
    beats.start();
    membership.addAppender(beats);
    assertThat(client.send("POST", "/api/v1/hosts", "{\"hostname\": \"localhost\"}").statusCode())
        .isEqualTo(201);
    HttpResponse<String> created =
        client.send(
            "POST",
            "/api/v1/jobs",
            "{\"name\": \"outage\", \"control_file\": \"job.run_test('sleeptest', seconds: 3)\","
                + " \"hosts\": [\"localhost\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    long job = FuzzClient.read(created.body()).get("id").asLong();
    Eventually.await(
        Duration.ofSeconds(60),
        "job " + job + " running",
        () -> entryStatus(client, job).equals("Running"));

    if (blackhole) {
      proxy.blackhole();
    } else {
      proxy.cut();
    }
    for (HttpResponse<String> answer : sideBySide(client)) {
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
      JsonNode error = FuzzClient.read(answer.body());
      assertThat(error.get("type").asText()).isEqualTo("DATABASE_UNAVAILABLE");
      assertThat(error.get("title").asText()).startsWith("the database is unavailable");
    }
    Eventually.await(
        Duration.ofSeconds(60),
        "the session ends on the drone during the outage",
        () -> sessionEnded(dir.resolve("var")));
    Eventually.await(
        ANSWER_WITHIN.multipliedBy(2),
        "the scheduler shows its pause",
        () -> metrics(server).contains("hangar_scheduler_paused 1.0"));

    proxy.restore();
    Eventually.await(
        Duration.ofSeconds(60),
        "job " + job + " recorded as Completed after the outage",
        () -> entryStatus(client, job).equals("Completed"));
    Eventually.await(
        Duration.ofSeconds(30),
        "the scheduler shows it resumed",
        () -> metrics(server).contains("hangar_scheduler_paused 0.0"));
    Eventually.await(
        Duration.ofSeconds(30),
        "the heartbeat works again",
        () -> messages(beats).stream().anyMatch(m -> m.contains("renews its heartbeat again")));
    membership.detachAppender(beats);
    assertThat(messages(beats))
        .as("a failing heartbeat warns once per outage, not at every beat")
        .filteredOn(m -> m.contains("could not renew its heartbeat"))
        .hasSize(1);
  }

  private static List<String> messages(
      ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender) {
    synchronized (appender) {
      return appender.list.stream()
          .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
          .toList();
    }
  }

  /** Reads and writes sent together, each given {@link #ANSWER_WITHIN} to answer. */
  private static List<HttpResponse<String>> sideBySide(FuzzClient client) throws Exception {
    List<Future<HttpResponse<String>>> pending = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < REQUESTS; i++) {
        int n = i;
        pending.add(
            pool.submit(
                () ->
                    n % 2 == 0
                        ? client.send("GET", "/api/v1/labels", null)
                        : client.send("POST", "/api/v1/labels", "{\"name\": \"l" + n + "\"}")));
      }
      List<HttpResponse<String>> answers = new ArrayList<>();
      for (Future<HttpResponse<String>> answer : pending) {
        answers.add(answer.get(ANSWER_WITHIN.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
      }
      return answers;
    }
  }

  private static String entryStatus(FuzzClient client, long job) {
    HttpResponse<String> answer = client.send("GET", "/api/v1/jobs/" + job, null);
    if (answer.statusCode() != 200) {
      return "HTTP " + answer.statusCode();
    }
    return FuzzClient.read(answer.body()).at("/entries/0/status").asText();
  }

  private static boolean sessionEnded(Path dataDir) {
    try (Stream<Path> files = Files.walk(dataDir)) {
      return files
          .filter(p -> p.getFileName().toString().equals("status.log"))
          .anyMatch(
              p -> {
                try {
                  return Files.readString(p, StandardCharsets.UTF_8)
                      .contains("END GOOD\tsleeptest");
                } catch (IOException e) {
                  return false; // being written or moved: look again
                }
              });
    } catch (IOException | UncheckedIOException e) {
      return false; // a folder moved while walked: look again
    }
  }

  private static String metrics(ServerRole server) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                  .timeout(ANSWER_WITHIN)
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
