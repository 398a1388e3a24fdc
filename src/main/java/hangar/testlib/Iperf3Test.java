package hangar.testlib;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import hangar.host.CommandResult;
import hangar.host.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code iperf3}: network throughput between two hosts of a server-side job. Starts {@code iperf3
 * -s -1} on the {@code server} host (a host from {@code hosts.create}), then runs the client on the
 * test's own host against {@code server_address} (default the server's address) for {@code seconds}
 * (default 10) with {@code streams} parallel streams (default 1), over TCP or, with {@code udp:
 * true}, UDP at {@code bandwidth} (iperf3's default 1M); on {@code port} (default 5201).
 *
 * <p>Records from iperf3's JSON: {@code sent_mbit_per_s{perf}}, {@code received_mbit_per_s{perf}},
 * {@code retransmits{perf}} (TCP), {@code jitter_ms{perf}} and {@code lost_pct{perf}} (UDP), and
 * the CPU use of both ends ({@code client_cpu_pct{perf}}, {@code server_cpu_pct{perf}}).
 */
final class Iperf3Test implements ClientTest {
  static final String NAME = "iperf3";
  private static final JsonMapper JSON = new JsonMapper();

  private final Peer server;
  private final String serverAddress;
  private final int seconds;
  private final int streams;
  private final boolean udp;
  private final String bandwidth;
  private final int port;
  private String output;

  private Iperf3Test(TestArguments arguments) {
    arguments.checkOnly(
        List.of("server", "server_address", "seconds", "streams", "udp", "bandwidth", "port"), 0);
    Object peer =
        arguments
            .find("server", -1)
            .orElseThrow(
                () ->
                    new TestErrorException(
                        "iperf3 needs server: a host of the job (from hosts.create) to run the"
                            + " iperf3 server on; it runs in server-side control files"));
    if (!(peer instanceof Peer given)) {
      throw new TestErrorException(
          "iperf3 server must be a host from hosts.create(name), was " + peer);
    }
    server = given;
    serverAddress = arguments.findText("server_address", -1).orElse(given.address());
    seconds = arguments.findInt("seconds", -1, 1, 24 * 3600).orElse(10);
    streams = arguments.findInt("streams", -1, 1, 128).orElse(1);
    udp = arguments.findBoolean("udp", -1).orElse(false);
    bandwidth = arguments.findText("bandwidth", -1).orElse(null);
    port = arguments.findInt("port", -1, 1, 65_535).orElse(5201);
  }

  static Iperf3Test of(TestArguments arguments) {
    return new Iperf3Test(arguments);
  }

  @Override
  public void setup(TestContext context) throws InterruptedException {
    context.requireCommand("iperf3", "iperf3");
    CommandResult found =
        server
            .host()
            .run(
                "command -v iperf3",
                context.debugDir().resolve("iperf3-server.check"),
                context.debugDir().resolve("stderr"),
                Duration.ofMinutes(1));
    if (!found.isSuccess()) {
      throw new TestNotApplicableException(
          "iperf3 is not installed on the server host "
              + server.host().hostname()
              + "; install package iperf3 there");
    }
  }

  @Override
  public void run(TestContext context) throws InterruptedException {
    Duration limit = Duration.ofSeconds(seconds + 120L);
    String serverCommand = Shell.join(List.of("iperf3", "-s", "-1", "-p", Integer.toString(port)));
    context.log("starting the iperf3 server on " + server.host().hostname() + ": " + serverCommand);
    try (ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<CommandResult> serving =
          thread.submit(
              () ->
                  server
                      .host()
                      .run(
                          serverCommand,
                          context.debugDir().resolve("iperf3-server.out"),
                          context.debugDir().resolve("iperf3-server.err"),
                          limit));
      List<String> client =
          new ArrayList<>(
              List.of(
                  "iperf3",
                  "-c",
                  serverAddress,
                  "-p",
                  Integer.toString(port),
                  "-t",
                  Integer.toString(seconds),
                  "-P",
                  Integer.toString(streams),
                  "-J"));
      if (udp) {
        client.add("-u");
      }
      if (bandwidth != null) {
        client.addAll(List.of("-b", bandwidth));
      }
      // The server needs a moment to listen, longer on a loaded host: try again for up to about a
      // minute (a refused connection fails at once), keeping the last answer.
      String last = Shell.quote(context.scratchDir() + "/iperf3.json");
      String command =
          "for i in $(seq 300); do if "
              + Shell.join(client)
              + " >"
              + last
              + " 2>&1; then cat "
              + last
              + "; exit 0; fi; sleep 0.2; done; cat "
              + last
              + "; exit 1";
      boolean measured = false;
      try {
        output = context.runTool(NAME, command, "iperf3.json", limit).stdout();
        measured = true;
      } finally {
        // A client that failed leaves the server waiting for it: stop it (and its process).
        if (!measured) {
          serving.cancel(true);
        }
      }
      try {
        CommandResult served = serving.get();
        if (!served.isSuccess()) {
          context.log("the iperf3 server ended with status " + served.exitStatus());
        }
      } catch (ExecutionException e) {
        throw new TestErrorException("the iperf3 server failed: " + e.getCause(), e.getCause());
      }
    }
  }

  @Override
  public void postprocess(TestContext context) {
    context.writeKeyvals(keyvals(output));
  }

  /** The keyvals of iperf3's JSON report; see the class comment for their names. */
  static Map<String, Object> keyvals(String output) {
    JsonNode report;
    try {
      report = JSON.readTree(output.substring(Math.max(0, output.indexOf('{'))));
    } catch (JsonProcessingException e) {
      throw new TestErrorException(
          "iperf3's JSON report does not parse: " + e.getOriginalMessage(), e);
    }
    if (report.hasNonNull("error")) {
      throw new TestFailException("iperf3: " + report.get("error").asText());
    }
    JsonNode end = report.path("end");
    Map<String, Object> values = new LinkedHashMap<>();
    if (end.has("sum_sent")) {
      values.put("sent_mbit_per_s{perf}", mbits(end.path("sum_sent")));
      values.put("received_mbit_per_s{perf}", mbits(end.path("sum_received")));
      values.put("retransmits{perf}", end.path("sum_sent").path("retransmits").asLong());
    } else if (end.has("sum")) {
      JsonNode sum = end.path("sum");
      values.put("sent_mbit_per_s{perf}", mbits(sum));
      values.put("jitter_ms{perf}", format(sum.path("jitter_ms").asDouble()));
      values.put("lost_pct{perf}", format(sum.path("lost_percent").asDouble()));
    } else {
      throw new TestErrorException("iperf3's JSON report has no end summary");
    }
    JsonNode cpu = end.path("cpu_utilization_percent");
    if (cpu.has("host_total")) {
      values.put("client_cpu_pct{perf}", format(cpu.path("host_total").asDouble()));
      values.put("server_cpu_pct{perf}", format(cpu.path("remote_total").asDouble()));
    }
    return values;
  }

  private static String mbits(JsonNode sum) {
    return format(sum.path("bits_per_second").asDouble() / 1e6);
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
