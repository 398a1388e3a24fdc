package hangar.drone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hangar.testing.Polling;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire protocol as a peer that is not {@link LocalDrone} sees it (a remote drone's SSH channel,
 * a worker's socket): raw JSON lines over one connection, against a daemon in this JVM.
 */
class DroneProtocolTest {
  private final ObjectMapper json = new ObjectMapper();

  @TempDir Path tmp;
  private DroneDaemon daemon;
  private SocketChannel channel;
  private Lines lines;

  @BeforeEach
  void start_daemon() throws IOException {
    daemon = DroneDaemon.start(tmp.resolve("drone"), new ShellSessionRunner(), Clock.systemUTC());
    channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(daemon.socket()));
    lines = new Lines(Channels.newInputStream(channel), Channels.newOutputStream(channel));
  }

  @AfterEach
  void stop_daemon() throws IOException {
    channel.close();
    daemon.close();
  }

  @Test
  void results_files_are_listed_with_sums_read_by_offset_and_purged_over_the_wire()
      throws Exception {
    Path folder = java.nio.file.Files.createDirectories(tmp.resolve("results/3-alice/board7"));
    java.nio.file.Files.writeString(folder.resolve("status.log"), "START\tshell\n");

    JsonNode files = ask("{\"op\":\"files\",\"path\":\"3-alice/board7\",\"sums\":true}");
    assertThat(files.get("files").get(0).get("path").asText()).isEqualTo("status.log");
    assertThat(files.get("files").get(0).get("size").asLong()).isEqualTo(12);
    assertThat(files.get("files").get(0).get("sha256").asText()).hasSize(64);

    JsonNode read =
        ask("{\"op\":\"read\",\"path\":\"3-alice/board7/status.log\",\"offset\":6,\"length\":100}");
    assertThat(new String(java.util.Base64.getDecoder().decode(read.get("data").asText())))
        .isEqualTo("shell\n");
    assertThat(read.get("size").asLong()).isEqualTo(12);

    JsonNode escape =
        ask("{\"op\":\"read\",\"path\":\"../drone/drone.lock\",\"offset\":0,\"length\":10}");
    assertThat(escape.get("error").asText()).isEqualTo("bad-request");
    JsonNode missing = ask("{\"op\":\"files\",\"path\":\"9-bob\",\"sums\":false}");
    assertThat(missing.get("error").asText()).isEqualTo("not-found");

    assertThat(ask("{\"op\":\"purge\",\"path\":\"3-alice/board7\"}").get("ok").asBoolean())
        .isTrue();
    assertThat(folder).doesNotExist();
  }

  @Test
  void a_link_to_etc_passwd_is_listed_as_a_link_out_and_no_request_reads_it() throws Exception {
    Path folder = java.nio.file.Files.createDirectories(tmp.resolve("results/4-eve/board7"));
    java.nio.file.Files.writeString(folder.resolve("status.log"), "START\tshell\n");
    java.nio.file.Files.createSymbolicLink(folder.resolve("passwd"), Path.of("/etc/passwd"));
    java.nio.file.Files.createSymbolicLink(folder.resolve("etc"), Path.of("/etc"));

    JsonNode files = ask("{\"op\":\"files\",\"path\":\"4-eve/board7\",\"sums\":false}");
    assertThat(files.get("files").toString())
        .isEqualTo(
            "[{\"path\":\"etc\",\"directory\":false,\"size\":0,\"link\":\"outside\"},"
                + "{\"path\":\"passwd\",\"directory\":false,\"size\":0,\"link\":\"outside\"},"
                + "{\"path\":\"status.log\",\"directory\":false,\"size\":12}]");
    for (String request :
        List.of(
            "{\"op\":\"read\",\"path\":\"4-eve/board7/passwd\",\"offset\":0,\"length\":10}",
            "{\"op\":\"read-whole\",\"path\":\"4-eve/board7\",\"files\":[\"passwd\"]}",
            "{\"op\":\"files\",\"path\":\"4-eve/board7/etc\",\"sums\":false}",
            "{\"op\":\"files\",\"path\":\"4-eve/board7/passwd\",\"sums\":true}")) {
      JsonNode refused = ask(request);
      assertThat(refused.get("error").asText()).as(request).isEqualTo("bad-request");
      assertThat(refused.get("message").asText()).contains("links out of the results folder");
    }
  }

  @Test
  void read_whole_sends_many_small_files_in_one_reply_and_stops_before_the_size_limit()
      throws Exception {
    Path folder = java.nio.file.Files.createDirectories(tmp.resolve("results/6-alice/board7"));
    java.nio.file.Files.writeString(folder.resolve("a.txt"), "alpha");
    java.nio.file.Files.createDirectories(folder.resolve("sub"));
    java.nio.file.Files.writeString(folder.resolve("sub/b.txt"), "beta");
    byte[] big = new byte[ResultsFiles.MAX_READ - 4];
    java.nio.file.Files.write(folder.resolve("big.bin"), big);

    JsonNode two =
        ask(
            "{\"op\":\"read-whole\",\"path\":\"6-alice/board7\","
                + "\"files\":[\"a.txt\",\"sub/b.txt\",\"big.bin\"]}");

    assertThat(two.get("contents")).hasSize(2);
    assertThat(two.at("/contents/1/path").asText()).isEqualTo("sub/b.txt");
    assertThat(
            new String(java.util.Base64.getDecoder().decode(two.at("/contents/1/data").asText())))
        .isEqualTo("beta");
    assertThat(
            LocalDrone.attach(tmp.resolve("drone"))
                .readWhole("6-alice/board7", java.util.List.of("big.bin", "a.txt"))
                .keySet())
        .as("the big file alone fills the reply")
        .containsExactly("big.bin");
    assertThat(
            ask("{\"op\":\"read-whole\",\"path\":\"6-alice/board7\",\"files\":[\"../../../x\"]}")
                .get("error")
                .asText())
        .isEqualTo("bad-request");
  }

  @Test
  void a_results_folder_is_parsed_on_the_drone_and_its_records_come_back() throws Exception {
    Path folder = java.nio.file.Files.createDirectories(tmp.resolve("results/4-alice/board7"));
    java.nio.file.Files.writeString(
        folder.resolve("status.log"),
        "START\t----\t----\ttimestamp=100\t\n"
            + "\tSTART\tshell\tshell\ttimestamp=101\t\n"
            + "\t\tFAIL\tshell\tshell\ttimestamp=102\texit 3\n"
            + "\tEND FAIL\tshell\tshell\ttimestamp=102\t\n"
            + "END FAIL\t----\t----\ttimestamp=103\tshell: exit 3\n");
    java.nio.file.Files.writeString(folder.resolve("keyval"), "hostname=board7\nuser=alice\n");

    JsonNode parsed = ask("{\"op\":\"parse\",\"path\":\"4-alice/board7\"}").get("parsed");

    assertThat(parsed.get("status").asText()).isEqualTo("FAIL");
    assertThat(parsed.get("machine").asText()).isEqualTo("board7");
    assertThat(parsed.get("tests").get(0).get("name").asText()).isEqualTo("shell");
    assertThat(parsed.get("tests").get(0).get("reason").asText()).isEqualTo("exit 3");
    assertThat(LocalDrone.attach(tmp.resolve("drone")).parse("4-alice/board7").tests())
        .extracting(hangar.results.ParsedTest::status)
        .containsExactly("FAIL");
    assertThat(
            ask("{\"op\":\"parse\",\"path\":\"4-alice/board7/status.log\"}").get("error").asText())
        .isEqualTo("bad-request");
    assertThat(ask("{\"op\":\"parse\",\"path\":\"5-bob\"}").get("error").asText())
        .isEqualTo("not-found");
  }

  @Test
  void one_connection_carries_many_requests_each_answered_by_one_line() throws Exception {
    JsonNode ping = ask("{\"op\":\"ping\"}");
    assertThat(ping.get("ok").asBoolean()).isTrue();
    assertThat(ping.get("protocol").asInt()).isEqualTo(7);
    assertThat(ping.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());

    String results = tmp.resolve("results/hqe-1").toString();
    JsonNode start =
        ask(
            """
            {"op":"start","spec":{"sessionId":"hqe-1","jobId":1,"owner":"alice","jobName":"j",\
            "controlType":"CLIENT","controlFile":"exit 0","hosts":["host1"],"resultsDir":"%s"}}"""
                .formatted(results));
    assertThat(start.toString()).isEqualTo("{\"ok\":true}");

    JsonNode finished =
        Polling.await(
            "hqe-1 to finish",
            () ->
                Optional.of(ask("{\"op\":\"sessions\"}").get("sessions").get(0))
                    .filter(s -> !s.get("running").asBoolean()));
    assertThat(finished.get("sessionId").asText()).isEqualTo("hqe-1");
    assertThat(finished.get("outcome").get("verdict").asText()).isEqualTo("GOOD");
    assertThat(finished.get("startedOn").asText()).endsWith("Z");

    assertThat(ask("{\"op\":\"abort\",\"sessionId\":\"hqe-1\"}").get("ok").asBoolean()).isTrue();
    assertThat(ask("{\"op\":\"forget\",\"sessionId\":\"hqe-1\"}").get("ok").asBoolean()).isTrue();
    assertThat(ask("{\"op\":\"sessions\"}").get("sessions")).isEmpty();
  }

  @Test
  void start_all_and_forget_all_answer_one_result_per_session_in_request_order() throws Exception {
    String spec =
        """
        {"sessionId":"%s","jobId":1,"owner":"alice","jobName":"j","controlType":"CLIENT",\
        "controlFile":"exit 0","hosts":["host1"],"resultsDir":"%s"}""";
    JsonNode started =
        ask(
            "{\"op\":\"start-all\",\"specs\":["
                + spec.formatted("hqe-7", tmp.resolve("results/hqe-7"))
                + ","
                + spec.formatted("../escape", tmp.resolve("results/x"))
                + ","
                + spec.formatted("hqe-8", tmp.resolve("results/hqe-8"))
                + "]}");

    assertThat(started.get("ok").asBoolean()).isTrue();
    JsonNode results = started.get("results");
    assertThat(results).hasSize(3);
    assertThat(results.get(0).toString()).isEqualTo("{\"sessionId\":\"hqe-7\",\"ok\":true}");
    assertThat(results.get(1).get("ok").asBoolean()).isFalse();
    assertThat(results.get(1).get("error").asText()).isEqualTo("bad-request");
    assertThat(results.get(1).get("message").asText()).contains("'../escape' is not valid");
    assertThat(results.get(2).get("sessionId").asText()).isEqualTo("hqe-8");
    assertThat(Journals.remembered(tmp.resolve("drone"))).containsOnlyKeys("hqe-7", "hqe-8");

    Polling.await(
        "both sessions to finish",
        () ->
            Optional.of(ask("{\"op\":\"sessions\"}").get("sessions"))
                .filter(all -> all.size() == 2)
                .filter(all -> !all.get(0).get("running").asBoolean())
                .filter(all -> !all.get(1).get("running").asBoolean()));
    JsonNode forgot = ask("{\"op\":\"forget-all\",\"sessionIds\":[\"hqe-8\",\"hqe-7\",\"nope\"]}");

    assertThat(forgot.get("results").findValuesAsText("sessionId"))
        .containsExactly("hqe-8", "hqe-7", "nope");
    assertThat(forgot.get("results").findValues("ok")).allMatch(JsonNode::asBoolean);
    assertThat(ask("{\"op\":\"sessions\"}").get("sessions")).isEmpty();
    assertThat(Journals.remembered(tmp.resolve("drone"))).isEmpty();
  }

  @Test
  void watch_answers_when_a_session_ends_and_otherwise_when_its_wait_is_over() throws Exception {
    assertThat(ask("{\"op\":\"watch\",\"after\":-1,\"waitMs\":0}").get("ended").asLong()).isZero();
    assertThat(ask("{\"op\":\"watch\",\"after\":0,\"waitMs\":50}").get("ended").asLong())
        .as("nothing ended within the wait: the same count")
        .isZero();
    String spec =
        """
        {"sessionId":"hqe-9","jobId":1,"owner":"alice","jobName":"j","controlType":"CLIENT",\
        "controlFile":"sleep 0.5; exit 0","hosts":["host1"],"resultsDir":"%s"}""";
    ask("{\"op\":\"start\",\"spec\":" + spec.formatted(tmp.resolve("results/hqe-9")) + "}");

    // Answered when the session ends, long before the wait of a minute is over.
    JsonNode ended = ask("{\"op\":\"watch\",\"after\":0,\"waitMs\":60000}");

    assertThat(ended.get("ended").asLong()).isEqualTo(1);
    assertThat(ask("{\"op\":\"sessions\"}").get("sessions").get(0).get("running").asBoolean())
        .isFalse();
    assertThat(ask("{\"op\":\"watch\",\"after\":0,\"waitMs\":60000}").get("ended").asLong())
        .as("a count the caller has not seen answers at once")
        .isEqualTo(1);
    for (String wait : List.of("-1", "60001")) {
      JsonNode refused = ask("{\"op\":\"watch\",\"after\":1,\"waitMs\":" + wait + "}");
      assertThat(refused.get("error").asText()).isEqualTo("bad-request");
      assertThat(refused.get("message").asText()).contains("from 0 to 60000, was " + wait);
    }
  }

  @Test
  void the_journal_records_the_spec_with_a_plain_path() throws Exception {
    ask(
        """
        {"op":"start","spec":{"sessionId":"hqe-2","jobId":2,"owner":"bob","jobName":"j",\
        "controlType":"SERVER","controlFile":"true","hosts":["a","b"],"resultsDir":"%s"}}"""
            .formatted(tmp.resolve("results/hqe-2")));

    JsonNode file = Journals.remembered(tmp.resolve("drone")).get("hqe-2");

    assertThat(file.get("spec").get("resultsDir").asText())
        .isEqualTo(tmp.resolve("results/hqe-2").toString());
    assertThat(file.get("spec").get("hosts").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(file.get("state").get("sessionId").asText()).isEqualTo("hqe-2");
  }

  @Test
  void a_line_that_is_no_request_is_refused_and_the_connection_stays_usable() throws Exception {
    JsonNode garbage = ask("hello drone");
    JsonNode unknown = ask("{\"op\":\"dance\"}");
    JsonNode incomplete = ask("{\"op\":\"start\",\"spec\":{\"sessionId\":\"x\"}}");

    for (JsonNode reply : new JsonNode[] {garbage, unknown, incomplete}) {
      assertThat(reply.get("ok").asBoolean()).isFalse();
      assertThat(reply.get("error").asText()).isEqualTo("bad-request");
      assertThat(reply.get("message").asText()).contains("op");
    }
    assertThat(ask("{\"op\":\"ping\"}").get("ok").asBoolean()).isTrue();
    assertThat(ask("{\"op\":\"sessions\"}").get("sessions")).isEmpty();
  }

  @Test
  void shutdown_answers_then_stops_the_daemon_and_removes_its_socket() throws Exception {
    JsonNode reply = ask("{\"op\":\"shutdown\"}");

    assertThat(reply.get("ok").asBoolean()).isTrue();
    assertThat(daemon.awaitStopped(Duration.ofSeconds(30))).isTrue();
    assertThat(daemon.socket()).doesNotExist();
  }

  @Test
  void a_second_daemon_in_the_same_jvm_refuses_the_folder() {
    assertThatThrownBy(
            () ->
                DroneDaemon.start(
                    tmp.resolve("drone"), new ShellSessionRunner(), Clock.systemUTC()))
        .isInstanceOf(DroneAlreadyRunningException.class)
        .hasMessageContaining("already runs in " + tmp.resolve("drone"));
  }

  private JsonNode ask(String line) {
    try {
      lines.write(line);
      return json.readTree(lines.read());
    } catch (IOException e) {
      throw new AssertionError("drone connection failed", e);
    }
  }
}
