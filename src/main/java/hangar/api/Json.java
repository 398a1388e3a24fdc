package hangar.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import hangar.lab.EntryStatus;
import hangar.lab.Host;
import hangar.lab.HostQueueEntry;
import hangar.lab.HostRequest;
import hangar.lab.HostSettings;
import hangar.lab.Job;
import hangar.lab.JobView;
import hangar.lab.Label;
import hangar.lab.Protection;
import hangar.lab.SpecialTask;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The API's JSON shapes and the mapper that writes them ({@code snake_case}, ISO instants). */
public final class Json {
  private Json() {}

  /** The mapper the API and its clients use. */
  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  /** A host; {@code entries} and {@code special_tasks} only in {@code GET /hosts/{name}}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record HostJson(
      long id,
      String hostname,
      String status,
      boolean locked,
      @JsonInclude(JsonInclude.Include.ALWAYS) String lockedBy,
      @JsonInclude(JsonInclude.Include.ALWAYS) Instant lockedOn,
      @JsonInclude(JsonInclude.Include.ALWAYS) String lockReason,
      String protection,
      boolean dirty,
      List<String> labels,
      String sshUser,
      Integer sshPort,
      String powerOn,
      String powerOff,
      String powerReset,
      String console,
      List<EntryJson> entries,
      List<SpecialTaskJson> specialTasks) {
    static HostJson of(Host h, List<EntryJson> entries) {
      return of(h, entries, null);
    }

    static HostJson of(Host h, List<EntryJson> entries, List<SpecialTaskJson> specialTasks) {
      return new HostJson(
          h.id(),
          h.hostname(),
          h.status().displayName(),
          h.locked(),
          h.lockedBy(),
          h.lockedOn(),
          h.lockReason(),
          h.protection().displayName(),
          h.dirty(),
          h.labels(),
          h.sshUser(),
          h.sshPort(),
          emptyToNull(h.commands().powerOn()),
          emptyToNull(h.commands().powerOff()),
          emptyToNull(h.commands().powerReset()),
          emptyToNull(h.commands().console()),
          entries,
          specialTasks);
    }

    private static String emptyToNull(String text) {
      return text.isEmpty() ? null : text;
    }
  }

  /** A verify, cleanup or repair on a host. */
  record SpecialTaskJson(
      long id,
      String host,
      String task,
      String status,
      @JsonInclude(JsonInclude.Include.ALWAYS) Long queueEntryId,
      boolean success,
      @JsonInclude(JsonInclude.Include.ALWAYS) String reason,
      Instant requestedOn,
      @JsonInclude(JsonInclude.Include.ALWAYS) Instant startedOn,
      @JsonInclude(JsonInclude.Include.ALWAYS) Instant finishedOn,
      String resultsUrl) {
    static SpecialTaskJson of(SpecialTask t) {
      return new SpecialTaskJson(
          t.id(),
          t.hostname(),
          t.type().displayName(),
          t.statusName(),
          t.queueEntryId(),
          t.success(),
          t.reason(),
          t.requestedOn(),
          t.startedOn(),
          t.finishedOn(),
          "/results/hosts/" + t.hostname() + "/" + t.resultsFolder() + "/");
    }
  }

  record NewHost(
      String hostname,
      List<String> labels,
      Boolean locked,
      String lockReason,
      String protection,
      String sshUser,
      Integer sshPort,
      String powerOn,
      String powerOff,
      String powerReset,
      String console) {
    HostRequest toRequest() {
      return new HostRequest(
          hostname,
          labels,
          new HostSettings(
              locked,
              lockReason,
              protection == null ? null : Protection.parse(protection),
              sshUser,
              sshPort,
              powerOn,
              powerOff,
              powerReset,
              console));
    }
  }

  record HostChange(
      Boolean locked,
      String lockReason,
      String protection,
      String sshUser,
      Integer sshPort,
      String powerOn,
      String powerOff,
      String powerReset,
      String console) {
    /** True when it sets a power or console command, which run on the server's machine. */
    boolean changesCommands() {
      return powerOn != null || powerOff != null || powerReset != null || console != null;
    }

    HostSettings toSettings() {
      return new HostSettings(
          locked,
          lockReason,
          protection == null ? null : Protection.parse(protection),
          sshUser,
          sshPort,
          powerOn,
          powerOff,
          powerReset,
          console);
    }
  }

  record PowerRequest(String action) {}

  /** How a power command ended; {@code output} is its last 64 KB. */
  record PowerJson(
      String host,
      String action,
      String command,
      int exitStatus,
      boolean timedOut,
      String output) {}

  record LabelJson(long id, String name, boolean platform, boolean onlyIfNeeded, int hostCount) {
    static LabelJson of(Label l) {
      return new LabelJson(l.id(), l.name(), l.platform(), l.onlyIfNeeded(), l.hostCount());
    }
  }

  record NewLabel(String name, Boolean platform, Boolean onlyIfNeeded) {}

  record EntryJson(
      long id,
      long jobId,
      String host,
      String metaHost,
      String status,
      String reason,
      String executionSubdir,
      String drone,
      Instant startedOn,
      Instant finishedOn,
      String resultsUrl,
      String atomicGroup) {
    static EntryJson of(HostQueueEntry e, String owner) {
      String subdir = e.executionSubdir();
      return new EntryJson(
          e.id(),
          e.jobId(),
          e.hostname(),
          e.metaHost(),
          e.status().displayName(),
          e.reason() == null ? "" : e.reason(),
          subdir,
          e.drone(),
          e.startedOn(),
          e.finishedOn(),
          subdir == null ? null : "/results/" + e.jobId() + "-" + owner + "/" + subdir + "/",
          e.atomicGroup());
    }
  }

  record NewJob(
      String name,
      String controlFile,
      String controlType,
      List<String> hosts,
      List<String> metaHosts,
      Integer priority,
      Integer synchCount,
      Integer timeoutMinutes,
      Integer maxRuntimeMinutes,
      Boolean runVerify,
      String rebootBefore,
      String rebootAfter,
      String emailList,
      List<String> dependencies,
      String atomicGroup) {}

  /** The body of {@code POST /api/v1/jobs:batch}. */
  record NewJobs(List<NewJob> jobs) {}

  /** What {@code POST /api/v1/jobs:batch} created: the new jobs' ids, in the order sent. */
  record CreatedJobs(int created, List<Long> ids) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record JobJson(
      long id,
      String name,
      String owner,
      String status,
      int priority,
      String controlType,
      @JsonInclude(JsonInclude.Include.ALWAYS) Instant createdOn,
      @JsonInclude(JsonInclude.Include.ALWAYS) Instant finishedOn,
      Map<String, Integer> counts,
      String controlFile,
      Integer synchCount,
      Long timeoutMinutes,
      Long maxRuntimeMinutes,
      Boolean runVerify,
      String rebootBefore,
      String rebootAfter,
      String emailList,
      List<String> dependencies,
      String atomicGroup,
      String resultsUrl,
      List<EntryJson> entries) {

    /** The short form of job lists. */
    static JobJson summary(JobView v) {
      Job j = v.job();
      return new JobJson(
          j.id(),
          j.name(),
          j.owner(),
          v.status().displayName(),
          j.priority(),
          j.controlType().displayName(),
          j.createdOn(),
          v.finishedOn(),
          counts(v),
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null);
    }

    /** The full form: every field and the entries. */
    static JobJson full(JobView v) {
      Job j = v.job();
      return new JobJson(
          j.id(),
          j.name(),
          j.owner(),
          v.status().displayName(),
          j.priority(),
          j.controlType().displayName(),
          j.createdOn(),
          v.finishedOn(),
          counts(v),
          j.controlFile(),
          j.synchCount(),
          j.timeout().toMinutes(),
          j.maxRuntime().toMinutes(),
          j.runVerify(),
          j.rebootBefore().displayName(),
          j.rebootAfter().displayName(),
          j.emailList(),
          j.dependencies(),
          j.atomicGroup(),
          "/results/" + j.resultsTag() + "/",
          v.entries().stream().map(e -> EntryJson.of(e, j.owner())).toList());
    }

    private static Map<String, Integer> counts(JobView v) {
      Map<String, Integer> counts = new TreeMap<>();
      for (HostQueueEntry e : v.entries()) {
        counts.merge(displayName(e.status()), 1, Integer::sum);
      }
      return counts;
    }

    private static String displayName(EntryStatus s) {
      return s.displayName();
    }
  }

  /** What {@code GET /api/v1/server} answers. */
  /**
   * {@code GET /api/v1/server}.
   *
   * @param storageSource the free space of the server's folders, asked afresh at each answer
   */
  public record ServerJson(
      String version,
      String resultsDir,
      String dbType,
      @com.fasterxml.jackson.annotation.JsonIgnore
          java.util.function.Supplier<List<StorageJson>> storageSource) {
    /** The folders' free space as it is now. */
    @com.fasterxml.jackson.annotation.JsonProperty("storage")
    public List<StorageJson> storageNow() {
      return storageSource.get();
    }
  }

  /**
   * The free space of one of the server's folders.
   *
   * @param name {@code data} or {@code results}
   * @param path the folder
   * @param freeBytes free bytes of its file system, or -1 when it cannot be asked
   * @param low whether that is below {@code [SERVER] warn_free_space_mb}
   */
  public record StorageJson(String name, String path, long freeBytes, boolean low) {}

  record ErrorJson(String title, int status, String type, Map<String, Object> details) {}
}
