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
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hangar job create} with atest's flags: reads the control file (or builds one from {@code
 * -t}) and the machine list here, and asks the server to run it. Options left out are left out of
 * the request too, so the server's defaults apply.
 */
@Command(name = "create", description = "Create a job that runs a control file on hosts.")
final class JobCreateCommand extends ApiAction {
  private static final String HOSTS = "/api/v1/hosts";

  private static final Pattern TEST_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  @Mixin JsonOption output;

  @Parameters(
      paramLabel = "NAME",
      arity = "0..1",
      converter = Converters.JobName.class,
      description = "A name for the job (required unless --batch).")
  String name;

  @Option(
      names = "--batch",
      paramLabel = "FILE",
      description =
          "Create every job FILE holds instead: one JSON job object per line (or a JSON array),"
              + " each as POST /api/v1/jobs takes it, \"control_file_path\" (relative to FILE)"
              + " standing for \"control_file\"; sent 1000 to a request, each request all or"
              + " nothing. Takes no other job option.")
  Path batchFile;

  @Option(
      names = {"-m", "--machine"},
      paramLabel = "MACHINES",
      description =
          "Hosts and meta-hosts, separated by commas or spaces: HOST, N*LABEL (N hosts with the"
              + " label) or *LABEL (one).")
  List<String> machines = new ArrayList<>();

  @Option(
      names = {"-M", "--mlist"},
      paramLabel = "FILE",
      description = "A file listing machines as -m does, by line or space; # starts a comment.")
  Path machineFile;

  @Option(
      names = {"-b", "--labels"},
      split = ",",
      paramLabel = "LABEL",
      converter = Converters.LabelName.class,
      description = "Run on every host carrying all these labels, comma-separated.")
  List<String> labels = new ArrayList<>();

  @Option(
      names = {"-f", "--control-file"},
      paramLabel = "CONTROL",
      description = "The control file to run; read here and sent to the server as text.")
  Path controlFile;

  @Option(
      names = {"-t", "--test"},
      split = ",",
      paramLabel = "TEST",
      description = "Tests to run instead of -f, comma-separated: job.run_test for each, in order.")
  List<String> tests = new ArrayList<>();

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
      names = {"-y", "--synch-count", "--synch_count"},
      paramLabel = "N",
      description = "How many hosts must be ready together before it starts.")
  Integer synchCount;

  @Option(
      names = {"-o", "--timeout"},
      paramLabel = "HOURS",
      converter = Converters.HoursAsMinutes.class,
      description = "Abort the job this many hours after it was created (fractions allowed).")
  Integer timeoutHours;

  @Option(
      names = "--timeout-minutes",
      paramLabel = "MIN",
      description = "Abort the job this long after it was created.")
  Integer timeoutMinutes;

  @Option(
      names = "--max_runtime",
      paramLabel = "HOURS",
      converter = Converters.HoursAsMinutes.class,
      description = "Abort a session that runs longer than this many hours.")
  Integer maxRuntimeHours;

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
      names = {"-n", "--noverify"},
      description = "Do not verify the hosts before running (as --no-run-verify).")
  boolean noVerify;

  @Option(
      names = {"-B", "--reboot-before", "--reboot_before"},
      paramLabel = "WHEN",
      converter = Converters.RebootBeforeName.class,
      description = "Never, 'If dirty' or Always.")
  String rebootBefore;

  @Option(
      names = {"-a", "--reboot-after", "--reboot_after"},
      paramLabel = "WHEN",
      converter = Converters.RebootAfterName.class,
      description = "Never, 'If all tests passed' or Always.")
  String rebootAfter;

  @Option(
      names = {"-G", "--atomic-group", "--atomic_group"},
      paramLabel = "GROUP",
      converter = Converters.AtomicGroupName.class,
      description =
          "Run on hosts of one label of this atomic group together: at least -y of them (default"
              + " 1), at most the group's max number of machines; give no -m, -M or -b.")
  String atomicGroup;

  @Option(
      names = {"-d", "--dependencies"},
      split = ",",
      paramLabel = "LABEL",
      converter = Converters.LabelName.class,
      description = "Labels every host of the job must carry, comma-separated.")
  List<String> dependencies = new ArrayList<>();

  @Override
  protected int execute(ApiClient client) {
    if (batchFile != null) {
      return createBatch(client);
    }
    if (name == null) {
      throw usage("give the job a NAME, or create jobs from a file with --batch FILE");
    }
    checkPositive("--synch-count", synchCount);
    checkPositive("--timeout-minutes", timeoutMinutes);
    checkPositive("--max-runtime-minutes", maxRuntimeMinutes);
    checkExclusive();
    String control = controlFile != null ? readControlFile() : controlFromTests();
    MachineList wanted = machineList();
    if (atomicGroup != null) {
      if (!wanted.isEmpty() || !labels.isEmpty()) {
        throw usage(
            "-G takes its hosts from the atomic group's labels; drop -m, -M and -b (narrow the"
                + " hosts with -d LABEL)");
      }
      return printAnswer(
          output,
          client.post(JobCommand.JOBS, newJob(control, wanted)),
          job -> printCreated(job, "atomic group " + atomicGroup));
    }
    if (!labels.isEmpty()) {
      wanted = wanted.withHosts(hostsWithLabels(client));
    }
    if (wanted.isEmpty()) {
      throw usage("say where to run it: -m HOST[,N*LABEL...], -M FILE or -b LABEL[,LABEL...]");
    }
    MachineList machines = wanted;
    return printAnswer(
        output,
        client.post(JobCommand.JOBS, newJob(control, machines)),
        job -> printCreated(job, machines.describe()));
  }

  private int createBatch(ApiClient client) {
    if (name != null
        || controlFile != null
        || !tests.isEmpty()
        || !machines.isEmpty()
        || machineFile != null
        || !labels.isEmpty()
        || atomicGroup != null) {
      throw usage(
          "--batch FILE takes every job from the file; drop NAME and the other job options");
    }
    List<ObjectNode> jobs;
    try {
      jobs = new JobBatchFile(batchFile).jobs();
    } catch (IOException e) {
      throw usage("cannot read the batch file '" + batchFile + "': " + describe(e));
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    if (jobs.size() > JobBatchFile.PER_REQUEST && !output.json) {
      err().printf("sending %d jobs, %d to a request...%n", jobs.size(), JobBatchFile.PER_REQUEST);
    }
    return printAnswer(
        output,
        JobBatchFile.submit(client, jobs),
        created -> out().println(JobBatchFile.summary(created, batchFile)));
  }

  private void checkExclusive() {
    if ((controlFile == null) == tests.isEmpty()) {
      throw usage("give either -f CONTROL or -t TEST[,TEST...], not both and not neither");
    }
    if (!tests.isEmpty() && serverSide) {
      throw usage("-t builds a client-side control file; -s needs a control file given with -f");
    }
    if (noVerify && Boolean.TRUE.equals(runVerify)) {
      throw usage("-n/--noverify and --run-verify contradict each other");
    }
    if (timeoutHours != null && timeoutMinutes != null) {
      throw usage("give -o/--timeout HOURS or --timeout-minutes MIN, not both");
    }
    if (maxRuntimeHours != null && maxRuntimeMinutes != null) {
      throw usage("give --max_runtime HOURS or --max-runtime-minutes MIN, not both");
    }
  }

  private MachineList machineList() {
    List<String> items = new ArrayList<>(machines);
    if (machineFile != null) {
      String text;
      try {
        text = Files.readString(machineFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw usage("cannot read the machine list '" + machineFile + "': " + describe(e));
      }
      List<String> fromFile = MachineList.fileItems(text);
      if (parse(fromFile).isEmpty()) {
        throw usage("the machine list '" + machineFile + "' names no machine");
      }
      items.addAll(fromFile);
    }
    return parse(items);
  }

  private MachineList parse(List<String> items) {
    try {
      return MachineList.parse(items);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /** atest's -b: the hosts carrying every one of the labels, as named hosts. */
  private List<String> hostsWithLabels(ApiClient client) {
    List<String> found = new ArrayList<>();
    for (JsonNode host : client.list(HOSTS, Integer.MAX_VALUE)) {
      List<String> carried = new ArrayList<>();
      host.path("labels").forEach(l -> carried.add(l.asText()));
      if (carried.containsAll(labels)) {
        found.add(Nodes.text(host, "hostname"));
      }
    }
    if (found.isEmpty()) {
      throw new CliException(
          "no host carries all of the labels "
              + String.join(", ", labels)
              + "; see which hosts carry what with 'hangar host list'");
    }
    return found;
  }

  private void printCreated(JsonNode job, String where) {
    String id = Nodes.text(job, "id");
    out()
        .println(
            "Created job "
                + id
                + " ("
                + name
                + ") on "
                + where
                + "; follow it with 'hangar job watch "
                + id
                + "'");
  }

  private ObjectNode newJob(String control, MachineList machines) {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    body.put("name", name);
    body.put("control_file", control);
    body.put("control_type", serverSide ? "Server" : "Client");
    ArrayNode hostNames = body.putArray("hosts");
    machines.hosts().forEach(hostNames::add);
    if (!machines.metaHosts().isEmpty()) {
      ArrayNode metaHosts = body.putArray("meta_hosts");
      machines.metaHosts().forEach(metaHosts::add);
    }
    if (priority != null) {
      body.put("priority", priority);
    }
    if (synchCount != null) {
      body.put("synch_count", synchCount);
    }
    Integer timeout = timeoutHours != null ? timeoutHours : timeoutMinutes;
    if (timeout != null) {
      body.put("timeout_minutes", timeout);
    }
    Integer maxRuntime = maxRuntimeHours != null ? maxRuntimeHours : maxRuntimeMinutes;
    if (maxRuntime != null) {
      body.put("max_runtime_minutes", maxRuntime);
    }
    if (noVerify) {
      body.put("run_verify", false);
    } else if (runVerify != null) {
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
      ArrayNode names = body.putArray("dependencies");
      dependencies.forEach(names::add);
    }
    if (atomicGroup != null) {
      body.put("atomic_group", atomicGroup);
    }
    return body;
  }

  /** atest's -t: a client control file running each named test once, in order. */
  private String controlFromTests() {
    StringBuilder control = new StringBuilder();
    for (String test : tests) {
      if (!TEST_NAME.matcher(test).matches()) {
        throw usage("test name '" + test + "' is not valid: use letters, digits, '.', '-', '_'");
      }
      control.append("job.run_test('").append(test).append("')\n");
    }
    return control.toString();
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
