package hangar.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import hangar.api.AccessRules;
import hangar.api.Callers;
import hangar.lab.Caller;
import hangar.scheduler.DroneSlots;
import hangar.store.AclStore;
import hangar.store.HostStore;
import hangar.store.JobStore;
import hangar.store.LabSummaryStore;
import hangar.store.LabelStore;
import hangar.store.SpecialTaskStore;
import hangar.store.WebSessionStore;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;

/**
 * The web pages: server-rendered HTML from templates compiled at build time, with htmx refreshing
 * the live parts. Pages only read; every change a page offers is a call to the JSON API from the
 * browser, with the session's CSRF token, so a page can do nothing the API would refuse. What a
 * page shows of those actions follows the same {@link AccessRules}.
 */
public final class WebUi {
  private final Sources sources;
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

  /**
   * What the pages read.
   *
   * @param hosts the hosts
   * @param labels the labels
   * @param jobs the jobs
   * @param entries the host queue entries
   * @param tasks the special tasks
   * @param summary the dashboard's counts
   * @param analysis the results database across jobs
   * @param resultsDb each job's parsed results
   * @param drones the drones and their slots
   * @param acls the ACL groups
   * @param sessions the web sessions, for each page's CSRF token
   * @param rules who may do what
   */
  public record Sources(
      HostStore hosts,
      LabelStore labels,
      JobStore jobs,
      hangar.store.HostQueueEntryStore entries,
      SpecialTaskStore tasks,
      LabSummaryStore summary,
      hangar.store.ResultsAnalysisStore analysis,
      hangar.store.ResultsDbStore resultsDb,
      DroneSlots drones,
      AclStore acls,
      WebSessionStore sessions,
      AccessRules rules) {}

  public WebUi(Sources sources) {
    this.sources = sources;
  }

  /** Adds the pages, their fragments and their static files to the server. */
  public void install(JavalinConfig cfg) {
    cfg.staticFiles.enableWebjars();
    cfg.staticFiles.add(
        files -> {
          files.hostedPath = "/static";
          files.directory = "/web";
          files.location = Location.CLASSPATH;
        });
    cfg.routes.get("/login", ctx -> render(ctx, "login.jte", new LoginPage(next(ctx))));
    new DashboardPage(this, sources).install(cfg.routes);
    new JobPages(this, sources).install(cfg.routes);
    new HostPages(this, sources).install(cfg.routes);
    new DronePage(this, sources).install(cfg.routes);
    new AnalysisPages(this, sources).install(cfg.routes);
  }

  /** Where the login page sends the browser after a login: a path on this server only. */
  private static String next(Context ctx) {
    String next = ctx.queryParam("next");
    // Only a path of this server: not //host nor /\host, which browsers read as another site.
    return next != null
            && next.startsWith("/")
            && !next.startsWith("//")
            && !next.contains("\\")
            && next.chars().noneMatch(Character::isISOControl)
        ? next
        : "/";
  }

  /**
   * The model of the login page.
   *
   * @param next where to go after logging in
   */
  public record LoginPage(String next) {}

  /**
   * What a page may load and run: its own scripts and styles only, no inline script, no frame
   * around it. Templates escape what they print; this holds even if one did not.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  /** Renders {@code template} with its one parameter {@code model} as the answer. */
  void render(Context ctx, String template, Object model) {
    StringOutput out = new StringOutput();
    templates.render(template, model, out);
    ctx.header("Cache-Control", "no-store");
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.html(out.toString());
  }

  /**
   * The frame of a page: its title, its section of the menu, and who looks at it.
   *
   * @param title the page's title
   * @param section which menu entry is lit: dashboard, jobs, hosts or drones
   * @param caller who looks, or null for an anonymous reader
   * @param csrf the session's CSRF token, which the page's actions send, or empty
   */
  public record Frame(String title, String section, Caller caller, String csrf) {
    /** Whether the viewer may act at all (anonymous readers only look). */
    public boolean loggedIn() {
      return caller != null;
    }

    /** Whether the viewer is an admin. */
    public boolean admin() {
      return caller != null && caller.admin();
    }
  }

  /** The frame of a page in {@code section} for the request's caller. */
  Frame frame(Context ctx, String title, String section) {
    Caller caller = Callers.of(ctx).orElse(null);
    String cookie = Callers.sessionCookie(ctx);
    String csrf =
        cookie == null
            ? ""
            : sources.sessions().find(cookie).map(WebSessionStore.WebSession::csrfToken).orElse("");
    return new Frame(title, section, caller, csrf);
  }
}
