package hangar.api;

import hangar.lab.ControlType;
import hangar.lab.JobRequest;
import hangar.lab.JobView;
import hangar.lab.Priority;
import hangar.lab.RebootAfter;
import hangar.lab.RebootBefore;
import hangar.store.JobStore;
import hangar.store.ResultsDbStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code /api/v1/jobs}: create, list, show and abort jobs. */
final class JobRoutes {
  /** How many jobs a list returns unless asked otherwise. */
  static final int DEFAULT_LIST_LIMIT = 100;

  private final JobStore jobs;
  private final ResultsDbStore resultsDb;
  private final Runnable wakeScheduler;

  JobRoutes(JobStore jobs, ResultsDbStore resultsDb, Runnable wakeScheduler) {
    this.jobs = jobs;
    this.resultsDb = resultsDb;
    this.wakeScheduler = wakeScheduler;
  }

  void install(RoutesConfig routes) {
    routes.get("/api/v1/jobs", this::list);
    routes.post("/api/v1/jobs", this::create);
    routes.post("/api/v1/jobs:batch", this::createAll);
    routes.get("/api/v1/jobs/{id}", this::stat);
    routes.post("/api/v1/jobs/{id}/abort", this::abort);
    routes.get("/api/v1/jobs/{id}/tests", this::tests);
  }

  private void list(Context ctx) {
    Paging.reply(
        ctx,
        jobs.list(hangar.lab.JobFilter.of(ctx::queryParam), Paging.page(ctx, DEFAULT_LIST_LIMIT)),
        Json.JobJson::summary);
  }

  private void create(Context ctx) {
    Json.NewJob body = ctx.bodyAsClass(Json.NewJob.class);
    JobView job = jobs.create(toRequest(body, Routes.user(ctx)));
    wakeScheduler.run();
    ctx.status(201).json(Json.JobJson.full(job));
  }

  /**
   * Many jobs in one request and one transaction: {@code {"jobs": [NewJob, ...]}}, all created or,
   * when one is refused, none (the error names the job: {@code job 3 of 40 ('name'): ...}).
   */
  private void createAll(Context ctx) {
    Json.NewJobs body = ctx.bodyAsClass(Json.NewJobs.class);
    if (body.jobs() == null || body.jobs().isEmpty()) {
      throw new IllegalArgumentException(
          "\"jobs\" must hold from 1 to " + JobStore.MAX_BATCH + " jobs");
    }
    String owner = Routes.user(ctx);
    List<JobRequest> requests = new ArrayList<>(body.jobs().size());
    for (int i = 0; i < body.jobs().size(); i++) {
      try {
        requests.add(toRequest(body.jobs().get(i), owner));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "job " + (i + 1) + " of " + body.jobs().size() + ": " + e.getMessage(), e);
      }
    }
    List<Long> ids = jobs.createAll(requests);
    wakeScheduler.run();
    ctx.status(201).json(new Json.CreatedJobs(ids.size(), ids));
  }

  private void stat(Context ctx) {
    ctx.json(Json.JobJson.full(jobs.get(Routes.longParam(ctx, "id"))));
  }

  /** The job's parsed results: one object per results folder, with its tests. */
  private void tests(Context ctx) {
    long id = Routes.longParam(ctx, "id");
    jobs.get(id); // a job that does not exist is a 404, not an empty list
    ctx.json(resultsDb.forJob(id));
  }

  private void abort(Context ctx) {
    long id = Routes.longParam(ctx, "id");
    AccessRules.requireOwner(Authentication.caller(ctx), id, jobs.get(id).job().owner(), "abort");
    jobs.requestAbort(id, "aborted by " + Routes.user(ctx));
    wakeScheduler.run();
    ctx.json(Json.JobJson.full(jobs.get(id)));
  }

  private static JobRequest toRequest(Json.NewJob b, String owner) {
    Duration timeout = minutes(b.timeoutMinutes(), "timeout_minutes");
    ControlType type =
        b.controlType() == null ? ControlType.CLIENT : ControlType.parse(b.controlType());
    List<String> hosts = b.hosts() == null ? List.of() : b.hosts();
    List<String> metaHosts = b.metaHosts() == null ? List.of() : b.metaHosts();
    // A server-side control file drives its machines itself: by default one session gets them
    // all. A client-side one runs on each host on its own.
    int synchCount =
        b.synchCount() != null
            ? b.synchCount()
            : type == ControlType.SERVER ? Math.max(1, hosts.size() + metaHosts.size()) : 1;
    return new JobRequest(
        owner,
        b.name(),
        b.controlFile(),
        type,
        hosts,
        metaHosts,
        b.priority() == null ? Priority.MEDIUM.value() : b.priority(),
        synchCount,
        timeout,
        b.maxRuntimeMinutes() == null ? timeout : minutes(b.maxRuntimeMinutes(), "max_runtime"),
        Boolean.TRUE.equals(b.runVerify()),
        b.rebootBefore() == null ? RebootBefore.NEVER : RebootBefore.parse(b.rebootBefore()),
        b.rebootAfter() == null ? RebootAfter.NEVER : RebootAfter.parse(b.rebootAfter()),
        b.emailList(),
        b.dependencies() == null ? List.of() : b.dependencies(),
        b.atomicGroup());
  }

  private static Duration minutes(Integer value, String field) {
    if (value == null) {
      return JobRequest.DEFAULT_TIMEOUT;
    }
    if (value < 1) {
      throw new IllegalArgumentException(field + " must be >= 1, was " + value);
    }
    return Duration.ofMinutes(value);
  }
}
