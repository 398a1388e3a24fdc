package hangar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import hangar.lab.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hangar job}: create jobs, follow them, read their results, abort them. */
@Command(
    name = "job",
    description =
        "Run control files on hosts and follow them: create, list, stat, watch, results, abort.",
    subcommands = {
      JobCreateCommand.class,
      JobCommand.ListJobs.class,
      JobCommand.StatJob.class,
      JobWatchCommand.class,
      JobResultsCommand.class,
      JobTestsCommand.class,
      JobTailCommand.class,
      JobCommand.AbortJobs.class
    })
public final class JobCommand extends Topic {
  static final String JOBS = "/api/v1/jobs";

  /** How many jobs {@code job list} shows unless asked otherwise, as the server's own default. */
  static final int DEFAULT_LIST_LIMIT = 100;

  static String jobPath(long id) {
    return JOBS + "/" + id;
  }

  /** The server path of a job's results folder, {@code /results/<id>-<owner>/}. */
  static String resultsPath(JsonNode job) {
    return "/results/"
        + ApiClient.segment(Nodes.text(job, "id") + "-" + Nodes.text(job, "owner"))
        + "/";
  }

  /** A priority number as its name ({@code high}), or the number when it has none. */
  static String priorityName(JsonNode job) {
    int value = job.path("priority").asInt(-1);
    for (Priority priority : Priority.values()) {
      if (priority.value() == value) {
        return priority.name().toLowerCase(Locale.ROOT);
      }
    }
    return Nodes.text(job, "priority");
  }

  @Command(name = "list", description = "List jobs, newest first.")
  static final class ListJobs extends ApiAction {
    @Mixin JsonOption output;

    @Option(
        names = {"-u", "--owner"},
        paramLabel = "U",
        description = "Only jobs of this user.")
    String owner;

    @Option(
        names = {"-s", "--status"},
        paramLabel = "S",
        converter = Converters.JobStatusName.class,
        description = "Only jobs in this status: Queued, Running, Completed, Failed or Aborted.")
    String status;

    @Option(names = "--name", paramLabel = "TEXT", description = "Only jobs whose name holds TEXT.")
    String name;

    @Option(
        names = "--label",
        paramLabel = "LABEL",
        description = "Only jobs that asked for LABEL or ran on a host carrying it.")
    String label;

    @Option(
        names = "--since",
        paramLabel = "DATE",
        description = "Only jobs created on or after DATE (2026-12-07, or an instant).")
    String since;

    @Option(
        names = "--until",
        paramLabel = "DATE",
        description = "Only jobs created on or before DATE (the whole day), or before an instant.")
    String until;

    @Option(
        names = {"-n", "--limit"},
        paramLabel = "N",
        description = "At most this many jobs, newest first (default 100).")
    Integer limit;

    @Option(
        names = {"-a", "--all"},
        description = "Every job, read from the server page by page.")
    boolean all;

    @Override
    protected int execute(ApiClient client) {
      checkPositive("--limit", limit);
      if (all && limit != null) {
        throw usage("give --limit N or --all, not both");
      }
      List<String> query = new ArrayList<>();
      if (owner != null) {
        query.add("owner=" + ApiClient.queryValue(owner));
      }
      java.util.Map<String, String> filters = new java.util.LinkedHashMap<>();
      filters.put("status", status);
      filters.put("name", name);
      filters.put("label", label);
      filters.put("since", since);
      filters.put("until", until);
      filters.forEach(
          (key, value) -> {
            if (value != null) {
              query.add(key + "=" + ApiClient.queryValue(value));
            }
          });
      int max = all ? Integer.MAX_VALUE : limit == null ? DEFAULT_LIST_LIMIT : limit;
      return printRows(
          output,
          client.list(JOBS + (query.isEmpty() ? "" : "?" + String.join("&", query)), max),
          "No jobs match.",
          Table.withHeaders("Id", "Name", "Owner", "Status", "Priority", "Created", "Entries"),
          (table, job) ->
              table.add(
                  Nodes.text(job, "id"),
                  Nodes.text(job, "name"),
                  Nodes.text(job, "owner"),
                  Nodes.text(job, "status"),
                  priorityName(job),
                  Nodes.text(job, "created_on"),
                  Nodes.counts(job, "counts")));
    }
  }

  @Command(
      name = "stat",
      description = "Show one job: its settings, its entries and where its results are.")
  static final class StatJob extends ApiAction {
    @Mixin JsonOption output;

    @Parameters(paramLabel = "ID", description = "The job's id.")
    long id;

    @Override
    protected int execute(ApiClient client) {
      return printAnswer(output, client.get(jobPath(id)), job -> printJob(client, job));
    }

    private void printJob(ApiClient client, JsonNode job) {
      String results = client.urlOf(resultsPath(job));
      Table fields = Table.fields();
      fields.field("Id", Nodes.text(job, "id"));
      fields.field("Name", Nodes.text(job, "name"));
      fields.field("Owner", Nodes.text(job, "owner"));
      fields.field("Status", Nodes.text(job, "status"));
      fields.field("Priority", priorityName(job));
      fields.field("Control type", Nodes.text(job, "control_type"));
      fields.field("Synch count", Nodes.text(job, "synch_count"));
      if (job.hasNonNull("atomic_group")) {
        fields.field("Atomic group", Nodes.text(job, "atomic_group"));
      }
      fields.field("Run verify", Nodes.yesNo(job, "run_verify"));
      fields.field("Reboot before", Nodes.text(job, "reboot_before"));
      fields.field("Reboot after", Nodes.text(job, "reboot_after"));
      fields.field("Timeout", Nodes.text(job, "timeout_minutes") + " min");
      fields.field("Max runtime", Nodes.text(job, "max_runtime_minutes") + " min");
      fields.field("Dependencies", Nodes.joined(job, "dependencies"));
      fields.field("Email list", Nodes.text(job, "email_list"));
      fields.field("Created", Nodes.text(job, "created_on"));
      fields.field("Finished", Nodes.text(job, "finished_on"));
      fields.field("Entries", Nodes.counts(job, "counts"));
      fields.field("Results", results);
      fields.print(out());
      out().println();
      printEntries(client, job.path("entries"));
    }

    private void printEntries(ApiClient client, JsonNode entries) {
      Table table = Table.withHeaders("Host", "Status", "Reason", "Results");
      for (JsonNode entry : entries) {
        String url = Nodes.text(entry, "results_url");
        table.add(
            JobWatchCommand.entryName(entry),
            Nodes.text(entry, "status"),
            Nodes.text(entry, "reason"),
            url.isEmpty() ? "" : client.urlOf(url));
      }
      table.print(out());
    }
  }

  @Command(
      name = "abort",
      description =
          "Abort jobs: queued entries stop at once, running ones when their session is killed.")
  static final class AbortJobs extends ApiAction {
    @Mixin JsonOption output;

    @Parameters(paramLabel = "ID", arity = "1..*", description = "The ids of the jobs to abort.")
    List<Long> ids;

    @Override
    protected int execute(ApiClient client) {
      ArrayNode answers = ApiClient.JSON.createArrayNode();
      for (long id : ids) {
        JsonNode job = client.post(jobPath(id) + "/abort", null);
        answers.add(job);
        if (!output.json) {
          out()
              .println(
                  "Aborting job " + id + " (" + Nodes.text(job, "name") + "): " + describe(job));
        }
      }
      if (output.json) {
        printJson(answers);
      }
      return OK;
    }

    private static String describe(JsonNode job) {
      String status = Nodes.text(job, "status");
      return status.equals("Aborted")
          ? "aborted"
          : status + " now; running entries stop when their sessions are killed";
    }
  }
}
