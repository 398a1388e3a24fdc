package hangar.web;

import hangar.api.AccessRules;
import hangar.lab.HostQueueEntry;
import hangar.lab.JobStatus;
import hangar.lab.JobView;
import hangar.lab.Priority;
import hangar.store.Page;
import hangar.store.Slice;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;

/** {@code /jobs}: the job list with its filters, a job's page, and the form that creates one. */
public final class JobPages {
  /** Jobs on one page of the list. */
  static final int PAGE_SIZE = 50;

  private final WebUi ui;
  private final WebUi.Sources sources;

  JobPages(WebUi ui, WebUi.Sources sources) {
    this.ui = ui;
    this.sources = sources;
  }

  void install(RoutesConfig routes) {
    routes.get("/jobs", this::list);
    routes.get("/jobs/new", this::create);
    routes.get("/jobs/{id}", ctx -> ui.render(ctx, "job.jte", job(ctx, "Job")));
    routes.get("/live/jobs/{id}", ctx -> ui.render(ctx, "live/job.jte", job(ctx, "Job")));
  }

  /**
   * The job list.
   *
   * @param frame the page's frame
   * @param form the filters as asked, empty strings for none
   * @param jobs this page's jobs
   * @param next the {@code after} of the next page, or null on the last
   * @param paged whether this is a later page than the first
   */
  public record ListModel(
      WebUi.Frame frame, Form form, List<JobView> jobs, String next, boolean paged) {
    /** The statuses a job can be in, for the filter. */
    public List<String> statuses() {
      return Arrays.stream(JobStatus.values()).map(JobStatus::displayName).toList();
    }

    /** The query string of the next page, filters kept. */
    public String nextQuery() {
      return firstQuery() + "&after=" + next;
    }

    /** The query string of the first page, filters kept. */
    public String firstQuery() {
      return "?owner="
          + Links.query(form.owner())
          + "&status="
          + Links.query(form.status())
          + "&name="
          + Links.query(form.name())
          + "&label="
          + Links.query(form.label())
          + "&since="
          + Links.query(form.since())
          + "&until="
          + Links.query(form.until());
    }
  }

  /**
   * The job list's filters as asked.
   *
   * @param owner the owner
   * @param status the status
   * @param name a part of the name
   * @param label a label
   * @param since the first day
   * @param until the last day
   */
  public record Form(
      String owner, String status, String name, String label, String since, String until) {
    static Form of(Context ctx) {
      return new Form(
          value(ctx, "owner"),
          value(ctx, "status"),
          value(ctx, "name"),
          value(ctx, "label"),
          value(ctx, "since"),
          value(ctx, "until"));
    }

    private static String value(Context ctx, String name) {
      String v = ctx.queryParam(name);
      return v == null ? "" : v.strip();
    }
  }

  private void list(Context ctx) {
    hangar.lab.JobFilter filter = hangar.lab.JobFilter.of(ctx::queryParam);
    String after = blankToNull(ctx.queryParam("after"));
    Slice<JobView> page = sources.jobs().list(filter, new Page(PAGE_SIZE, after));
    ui.render(
        ctx,
        "jobs.jte",
        new ListModel(
            ui.frame(ctx, "Jobs", "jobs"), Form.of(ctx), page.items(), page.next(), after != null));
  }

  /**
   * A job's page.
   *
   * @param frame the page's frame
   * @param view the job with its entries
   * @param mayAbort whether the viewer may abort it (and it is not finished)
   * @param results its parsed results folders, once its sessions were parsed
   * @param tasks the special tasks (verify, cleanup, repair) run for its entries
   */
  public record JobModel(
      WebUi.Frame frame,
      JobView view,
      boolean mayAbort,
      List<hangar.store.ResultsDbStore.StoredResults> results,
      List<hangar.lab.SpecialTask> tasks) {
    /** The special tasks run for one entry, oldest first. */
    public List<hangar.lab.SpecialTask> tasksOf(HostQueueEntry e) {
      return tasks.stream()
          .filter(t -> t.queueEntryId() != null && t.queueEntryId() == e.id())
          .toList();
    }

    /** A special task's state in a word. */
    public static String state(hangar.lab.SpecialTask t) {
      if (t.complete()) {
        return t.success() ? "passed" : "failed";
      }
      return t.active() ? "running" : "queued";
    }

    /** An iteration's perf values as {@code name=value} pairs. */
    public String perf(hangar.results.ParsedTest.Iteration iteration) {
      return String.join(
          "  ",
          new java.util.TreeMap<>(iteration.perf())
              .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /** Where an entry's results are served, or null before it has a folder. */
    public String resultsUrl(HostQueueEntry e) {
      return Links.results(view.job().id(), view.job().owner(), e);
    }

    /** Whether the page stops refreshing: every entry has finished. */
    public boolean finished() {
      return view.status().isFinished();
    }

    /** The job's priority by name. */
    public String priority() {
      return Format.priority(view.job().priority());
    }
  }

  private JobModel job(Context ctx, String title) {
    long id = Links.id(ctx.pathParam("id"));
    JobView view = sources.jobs().get(id);
    WebUi.Frame frame = ui.frame(ctx, title + " " + id, "jobs");
    boolean mayAbort =
        frame.loggedIn()
            && !view.status().isFinished()
            && AccessRules.mayAbort(frame.caller(), view.job().owner());
    return new JobModel(
        frame,
        view,
        mayAbort,
        sources.resultsDb().forJob(id),
        sources.tasks().forEntries(view.entries().stream().map(HostQueueEntry::id).toList()));
  }

  /**
   * The form that creates a job, filled from a job to clone when asked.
   *
   * @param frame the page's frame
   * @param source the job whose settings fill the form, or null for an empty form
   */
  public record CreateModel(WebUi.Frame frame, JobView source) {
    /** The priorities by name, lowest first. */
    public List<String> priorities() {
      return Arrays.stream(Priority.values())
          .map(p -> p.name().toLowerCase(java.util.Locale.ROOT))
          .toList();
    }

    /** The priority the form starts with. */
    public String priority() {
      return Format.priority(source == null ? Priority.MEDIUM.value() : source.job().priority());
    }

    /** The choices of reboot before. */
    public List<String> rebootBefores() {
      return Arrays.stream(hangar.lab.RebootBefore.values())
          .map(hangar.lab.RebootBefore::displayName)
          .toList();
    }

    /** The choices of reboot after. */
    public List<String> rebootAfters() {
      return Arrays.stream(hangar.lab.RebootAfter.values())
          .map(hangar.lab.RebootAfter::displayName)
          .toList();
    }

    /** The reboot before the form starts with. */
    public String rebootBefore() {
      return source == null ? "Never" : source.job().rebootBefore().displayName();
    }

    /** The reboot after the form starts with. */
    public String rebootAfter() {
      return source == null ? "Never" : source.job().rebootAfter().displayName();
    }

    /** Whether the form is for a server-side control file. */
    public boolean serverSide() {
      return source != null && source.job().controlType() == hangar.lab.ControlType.SERVER;
    }

    /** Whether the form asks for a verify first. */
    public boolean runVerify() {
      return source != null && source.job().runVerify();
    }

    /** The clone's timeout in minutes, or empty. */
    public String timeoutMinutes() {
      return source == null ? "" : Long.toString(source.job().timeout().toMinutes());
    }

    /** The clone's maximum runtime in minutes, or empty. */
    public String maxRuntimeMinutes() {
      return source == null ? "" : Long.toString(source.job().maxRuntime().toMinutes());
    }

    /** The clone's dependencies, space-separated, or empty. */
    public String dependencies() {
      return source == null ? "" : String.join(" ", source.job().dependencies());
    }

    /** The clone's value of a field, or {@code otherwise} for a fresh form. */
    public String value(
        java.util.function.Function<hangar.lab.Job, Object> field, String otherwise) {
      if (source == null) {
        return otherwise;
      }
      Object value = field.apply(source.job());
      return value == null ? "" : value.toString();
    }

    /** The hosts the clone ran on, one name per entry with a host and no meta-host. */
    public String hosts() {
      return source == null
          ? ""
          : String.join(
              " ",
              source.entries().stream()
                  .filter(e -> e.metaHost() == null && e.hostname() != null)
                  .map(HostQueueEntry::hostname)
                  .distinct()
                  .toList());
    }

    /** The clone's meta-hosts as {@code N*label}. */
    public String metaHosts() {
      if (source == null) {
        return "";
      }
      java.util.Map<String, Long> counts =
          source.entries().stream()
              .filter(e -> e.metaHost() != null)
              .collect(
                  java.util.stream.Collectors.groupingBy(
                      HostQueueEntry::metaHost,
                      java.util.LinkedHashMap::new,
                      java.util.stream.Collectors.counting()));
      return String.join(
          " ", counts.entrySet().stream().map(e -> e.getValue() + "*" + e.getKey()).toList());
    }
  }

  private void create(Context ctx) {
    String clone = blankToNull(ctx.queryParam("clone"));
    JobView view = clone == null ? null : sources.jobs().get(Links.id(clone));
    ui.render(ctx, "job-new.jte", new CreateModel(ui.frame(ctx, "New job", "jobs"), view));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
