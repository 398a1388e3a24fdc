package hangar.web;

import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostStatus;
import hangar.lab.Names;
import hangar.lab.SpecialTask;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** {@code /hosts}: the host list with its filters and a host's page with its history. */
public final class HostPages {
  /** Hosts on one page of the list. */
  static final int PAGE_SIZE = 100;

  /** How many of a host's entries and special tasks its page shows. */
  static final int HISTORY = 30;

  private final WebUi ui;
  private final WebUi.Sources sources;

  HostPages(WebUi ui, WebUi.Sources sources) {
    this.ui = ui;
    this.sources = sources;
  }

  void install(RoutesConfig routes) {
    routes.get("/hosts", this::list);
    routes.get("/hosts/{hostname}", this::host);
  }

  /**
   * The host list.
   *
   * @param frame the page's frame
   * @param filter what the list is filtered by
   * @param hosts the hosts of this page
   * @param matching how many hosts match in all
   * @param offset where this page starts among them
   */
  public record ListModel(
      WebUi.Frame frame, Filter filter, List<Host> hosts, int matching, int offset) {
    /** The host statuses, for the filter. */
    public List<String> statuses() {
      return Arrays.stream(HostStatus.values()).map(HostStatus::displayName).toList();
    }

    /** The query string of the next page, or null on the last. */
    public String nextQuery() {
      return offset + hosts.size() >= matching
          ? null
          : filter.query() + "&from=" + (offset + PAGE_SIZE);
    }
  }

  /**
   * What the host list is filtered by; empty strings for none.
   *
   * @param label hosts carrying this label
   * @param status hosts in this status (display name)
   * @param locked "true", "false" or empty
   * @param acl hosts in this ACL group
   */
  public record Filter(String label, String status, String locked, String acl) {
    String query() {
      return "?label="
          + Links.query(label)
          + "&status="
          + Links.query(status)
          + "&locked="
          + Links.query(locked)
          + "&acl="
          + Links.query(acl);
    }
  }

  private void list(Context ctx) {
    Filter filter =
        new Filter(
            param(ctx, "label"), param(ctx, "status"), param(ctx, "locked"), param(ctx, "acl"));
    Predicate<Host> wanted = h -> true;
    if (!filter.label().isEmpty()) {
      Names.label(filter.label());
      wanted = wanted.and(h -> h.labels().contains(filter.label()));
    }
    if (!filter.status().isEmpty()) {
      HostStatus status = HostStatus.parse(filter.status());
      wanted = wanted.and(h -> h.status() == status);
    }
    if (!filter.locked().isEmpty()) {
      boolean locked =
          switch (filter.locked()) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw new IllegalArgumentException(
                    "locked must be true or false, was " + Names.quote(filter.locked()));
          };
      wanted = wanted.and(h -> h.locked() == locked);
    }
    if (!filter.acl().isEmpty()) {
      Set<String> members = Set.copyOf(sources.acls().get(filter.acl()).hosts());
      wanted = wanted.and(h -> members.contains(h.hostname()));
    }
    List<Host> matching = sources.hosts().list().stream().filter(wanted).toList();
    int offset = Math.max(0, Math.min(intParam(ctx, "from"), matching.size()));
    List<Host> page = matching.subList(offset, Math.min(matching.size(), offset + PAGE_SIZE));
    ui.render(
        ctx,
        "hosts.jte",
        new ListModel(ui.frame(ctx, "Hosts", "hosts"), filter, page, matching.size(), offset));
  }

  /**
   * One line of a host's history: an entry of a job or a special task, as Autotest's host view
   * interleaves them.
   *
   * @param when when it started, or was asked for if it has not
   * @param entry the job's entry, or null
   * @param task the special task, or null
   */
  public record HistoryLine(Instant when, HostQueueEntry entry, SpecialTask task) {}

  /**
   * A host's page.
   *
   * @param frame the page's frame
   * @param host the host
   * @param aclGroups the ACL groups it is in
   * @param mayChange whether the viewer may lock, unlock and reverify it
   * @param mayPower whether the viewer may run its power commands
   * @param history its entries and special tasks, newest first
   * @param console where the console log of the session running on it is served, or null when it
   *     has no console command or runs nothing
   */
  public record HostModel(
      WebUi.Frame frame,
      Host host,
      List<String> aclGroups,
      boolean mayChange,
      boolean mayPower,
      List<HistoryLine> history,
      String console) {}

  private void host(Context ctx) {
    Host host = sources.hosts().get(ctx.pathParam("hostname"));
    WebUi.Frame frame = ui.frame(ctx, host.hostname(), "hosts");
    List<HistoryLine> history = new ArrayList<>();
    List<HostQueueEntry> entries = sources.entries().forHost(host.id(), HISTORY);
    for (HostQueueEntry e : entries) {
      history.add(new HistoryLine(e.startedOn(), e, null));
    }
    for (SpecialTask t : sources.tasks().forHost(host.id(), HISTORY)) {
      history.add(
          new HistoryLine(t.startedOn() == null ? t.requestedOn() : t.startedOn(), null, t));
    }
    history.sort(
        Comparator.comparing(
                HistoryLine::when, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
            .reversed());
    boolean mayChange =
        frame.loggedIn() && sources.rules().mayChangeHost(frame.caller(), host.hostname());
    boolean mayPower =
        frame.loggedIn() && sources.rules().mayRunHostCommands(frame.caller(), host.hostname());
    String console = null;
    if (!host.commands().console().isEmpty()) {
      console =
          entries.stream()
              .limit(1)
              .filter(e -> e.active() && e.executionSubdir() != null)
              .findFirst()
              .map(e -> consoleUrl(e, host))
              .orElse(null);
    }
    ui.render(
        ctx,
        "host.jte",
        new HostModel(
            frame,
            host,
            sources.acls().groupsOfHost(host.hostname()),
            mayChange,
            mayPower,
            history.subList(0, Math.min(HISTORY, history.size())),
            console));
  }

  /** Where a running entry's console log of the host is served: in the host's own folder. */
  private String consoleUrl(HostQueueEntry e, Host host) {
    String machine =
        host.sshPort() == null ? host.hostname() : host.hostname() + ":" + host.sshPort();
    hangar.lab.Job job = sources.jobs().get(e.jobId()).job();
    String folder = Links.results(job.id(), job.owner(), e);
    return job.controlType() == hangar.lab.ControlType.SERVER
        ? folder + hangar.autoserv.ServerHosts.dirNameOf(machine) + "/console.log"
        : folder + "console.log";
  }

  private static String param(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null ? "" : value.strip();
  }

  private static int intParam(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, was " + Names.quote(value), e);
    }
  }
}
