package hangar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hangar job create}: reads a control file here and asks the server to run it on hosts.
 * Options left out are left out of the request too, so the server's defaults apply.
 */
@Command(name = "create", description = "Create a job that runs a control file on hosts.")
final class JobCreateCommand extends ApiAction {
  @Mixin JsonOption output;

  @Parameters(paramLabel = "NAME", description = "A name for the job.")
  String name;

  @Option(
      names = {"-m", "--machine"},
      split = ",",
      required = true,
      paramLabel = "HOST",
      description = "Hosts to run on, comma-separated.")
  List<String> hosts;

  @Option(
      names = {"-f", "--control-file"},
      required = true,
      paramLabel = "CONTROL",
      description = "The control file to run; read here and sent to the server as text.")
  Path controlFile;

  @Option(
      names = {"-s", "--server-side"},
      description = "Server-side control file: run once over all hosts (admins only).")
  boolean serverSide;

  @Option(
      names = {"-p", "--priority"},
      paramLabel = "P",
      converter = Converters.PriorityValue.class,
      description = "low, medium, high or urgent.")
  Integer priority;

  @Option(
      names = {"-e", "--email"},
      paramLabel = "EMAILS",
      description = "Addresses to mail when the job finishes, comma-separated.")
  String emailList;

  @Option(
      names = {"-y", "--synch-count"},
      paramLabel = "N",
      description = "How many hosts must be ready together before it starts.")
  Integer synchCount;

  @Option(
      names = "--timeout-minutes",
      paramLabel = "MIN",
      description = "Abort the job this long after it was created.")
  Integer timeoutMinutes;

  @Option(
      names = "--max-runtime-minutes",
      paramLabel = "MIN",
      description = "Abort a session that runs longer than this.")
  Integer maxRuntimeMinutes;

  @Option(
      names = {"-v", "--run-verify"},
      negatable = true,
      description = "Verify each host before running (--no-run-verify to skip).")
  Boolean runVerify;

  @Option(
      names = "--reboot-before",
      paramLabel = "WHEN",
      converter = Converters.RebootBeforeName.class,
      description = "Never, 'If dirty' or Always.")
  String rebootBefore;

  @Option(
      names = "--reboot-after",
      paramLabel = "WHEN",
      converter = Converters.RebootAfterName.class,
      description = "Never, 'If all tests passed' or Always.")
  String rebootAfter;

  @Option(
      names = {"-d", "--dependencies"},
      split = ",",
      paramLabel = "LABEL",
      description = "Labels every host of the job must carry, comma-separated.")
  List<String> dependencies = new ArrayList<>();

  @Override
  int execute(ApiClient client) {
    checkPositive("--synch-count", synchCount);
    checkPositive("--timeout-minutes", timeoutMinutes);
    checkPositive("--max-runtime-minutes", maxRuntimeMinutes);
    return printAnswer(
        output, client.post(JobCommand.JOBS, newJob(readControlFile())), this::printCreated);
  }

  private void printCreated(JsonNode job) {
    String id = Nodes.text(job, "id");
    out()
        .println(
            "Created job "
                + id
                + " ("
                + name
                + ") on "
                + String.join(", ", hosts)
                + "; follow it with 'hangar job watch "
                + id
                + "'");
  }

  private ObjectNode newJob(String control) {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    body.put("name", name);
    body.put("control_file", control);
    body.put("control_type", serverSide ? "Server" : "Client");
    ArrayNode hostNames = body.putArray("hosts");
    hosts.forEach(hostNames::add);
    if (priority != null) {
      body.put("priority", priority);
    }
    if (synchCount != null) {
      body.put("synch_count", synchCount);
    }
    if (timeoutMinutes != null) {
      body.put("timeout_minutes", timeoutMinutes);
    }
    if (maxRuntimeMinutes != null) {
      body.put("max_runtime_minutes", maxRuntimeMinutes);
    }
    if (runVerify != null) {
      body.put("run_verify", runVerify);
    }
    if (rebootBefore != null) {
      body.put("reboot_before", rebootBefore);
    }
    if (rebootAfter != null) {
      body.put("reboot_after", rebootAfter);
    }
    if (emailList != null) {
      body.put("email_list", emailList);
    }
    if (!dependencies.isEmpty()) {
      ArrayNode labels = body.putArray("dependencies");
      dependencies.forEach(labels::add);
    }
    return body;
  }

  private String readControlFile() {
    String control;
    try {
      control = Files.readString(controlFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw usage("cannot read the control file '" + controlFile + "': " + describe(e));
    }
    if (control.isBlank()) {
      throw usage("the control file '" + controlFile + "' is empty");
    }
    return control;
  }

  private static String describe(IOException e) {
    String kind = e.getClass().getSimpleName();
    return e.getMessage() == null ? kind : kind + " " + e.getMessage();
  }
}
