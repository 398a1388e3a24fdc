package hangar.testing;

/**
 * The JSON shapes of {@code docs/api.md}, copied from it with real values where it writes {@code
 * "..."}. A {@link ContractServer} answers with these unless a test scripts otherwise; {@code
 * hangar.server.ApiSamplesTest} checks each against a real server's reply of the same request, so
 * they cannot drift from it.
 */
public final class ApiSamples {
  private ApiSamples() {}

  /** A {@code Host}. */
  public static final String HOST =
      """
      {"id": 1, "hostname": "localhost", "status": "Ready", "locked": false, "locked_by": null,
       "locked_on": null, "lock_reason": null, "protection": "No protection", "dirty": false,
       "labels": ["x86_64"]}""";

  /** A locked {@code Host} with two labels. */
  public static final String LOCKED_HOST =
      """
      {"id": 2, "hostname": "board7", "status": "Repair Failed", "locked": true,
       "locked_by": "alice", "locked_on": "2024-05-01T10:00:00Z", "lock_reason": "flaky disk",
       "protection": "Do not repair", "dirty": true, "labels": ["arm", "usb"]}""";

  /** {@code GET /api/v1/hosts}: {@code [Host]} sorted by hostname. */
  public static final String HOSTS = "[" + LOCKED_HOST + ", " + HOST + "]";

  /** An {@code Entry}. */
  public static final String ENTRY =
      """
      {"id": 7, "job_id": 3, "host": "localhost", "meta_host": null, "status": "Completed",
       "reason": "", "execution_subdir": "localhost", "drone": "localhost",
       "started_on": "2026-01-02T03:04:05Z", "finished_on": "2026-01-02T03:05:06Z",
       "results_url": "/results/3-admin/localhost/", "atomic_group": null}""";

  /** A {@code SpecialTask}: a verify that passed, asked by hand (no entry). */
  public static final String SPECIAL_TASK =
      """
      {"id": 4, "host": "localhost", "task": "Verify", "status": "Completed",
       "queue_entry_id": null, "success": true, "reason": "",
       "requested_on": "2026-01-02T03:00:00Z", "started_on": "2026-01-02T03:00:01Z",
       "finished_on": "2026-01-02T03:00:02Z", "results_url": "/results/hosts/localhost/4-verify/"}""";

  /** {@code POST /api/v1/hosts/{hostname}/reverify}: the pending verify. */
  public static final String REVERIFY =
      """
      {"id": 5, "host": "localhost", "task": "Verify", "status": "Queued",
       "queue_entry_id": null, "success": false, "reason": null,
       "requested_on": "2026-01-02T04:00:00Z", "started_on": null, "finished_on": null,
       "results_url": "/results/hosts/localhost/5-verify/"}""";

  /** {@code GET /api/v1/hosts/{hostname}}: a {@code Host} with its recent entries and tasks. */
  public static final String HOST_WITH_ENTRIES =
      """
      {"id": 1, "hostname": "localhost", "status": "Ready", "locked": false, "locked_by": null,
       "locked_on": null, "lock_reason": null, "protection": "No protection", "dirty": false,
       "labels": ["x86_64"], "entries": [%s], "special_tasks": [%s]}"""
          .formatted(ENTRY, SPECIAL_TASK);

  /** A {@code Label}. */
  public static final String LABEL =
      """
      {"id": 1, "name": "x86_64", "platform": false, "only_if_needed": false, "host_count": 3}""";

  /** {@code GET /api/v1/labels}: {@code [Label]} sorted by name. */
  public static final String LABELS =
      "["
          + """
          {"id": 2, "name": "arm", "platform": true, "only_if_needed": false, "host_count": 1}"""
          + ", "
          + LABEL
          + "]";

  /** An {@code AtomicGroup}. */
  public static final String ATOMIC_GROUP =
      """
      {"id": 1, "name": "rack1", "description": "first rack", "max_number_of_machines": 4,
       "labels": ["rack1-a", "rack1-b"]}""";

  /** {@code GET /api/v1/atomicgroups}: {@code [AtomicGroup]} sorted by name. */
  public static final String ATOMIC_GROUPS =
      "["
          + ATOMIC_GROUP
          + ", "
          + """
          {"id": 2, "name": "rack2", "description": "", "max_number_of_machines": 333333333,
           "labels": []}"""
          + "]";

  /** A {@code JobSummary}. */
  public static final String JOB_SUMMARY =
      """
      {"id": 3, "name": "first", "owner": "admin", "status": "Running", "priority": 1,
       "control_type": "Client", "created_on": "2026-01-02T03:04:00Z", "finished_on": null,
       "counts": {"Running": 1, "Queued": 1}}""";

  /** {@code POST /api/v1/jobs:batch}: the new jobs' ids, in the order sent. */
  public static final String CREATED_JOBS =
      """
      {"created": 2, "ids": [3, 4]}""";

  /** {@code GET /api/v1/jobs}: {@code [JobSummary]}, newest first. */
  public static final String JOBS = "[" + JOB_SUMMARY + "]";

  /** A {@code Job} with the given status and entries. */
  public static String job(String status, String... entries) {
    return """
        {"id": 3, "name": "first", "owner": "admin", "status": "%s", "priority": 1,
         "control_type": "Client", "created_on": "2026-01-02T03:04:00Z", "finished_on": null,
         "counts": {"%s": %s},
         "control_file": "job.run_test('sleeptest', seconds: 1)", "synch_count": 1,
         "timeout_minutes": 1440, "max_runtime_minutes": 1440, "run_verify": false,
         "reboot_before": "Never", "reboot_after": "Never", "email_list": "",
         "dependencies": [], "results_url": "/results/3-admin/", "entries": [%s]}"""
        .formatted(status, status, entries.length, String.join(", ", entries));
  }

  /** An {@code Entry} of job 3 on {@code host} with the given status. */
  public static String entry(long id, String host, String status) {
    return """
        {"id": %s, "job_id": 3, "host": "%s", "meta_host": null, "status": "%s", "reason": "",
         "execution_subdir": "%s", "drone": "localhost", "started_on": null,
         "finished_on": null, "results_url": "/results/3-admin/%s/", "atomic_group": null}"""
        .formatted(id, host, status, host, host);
  }

  /** {@code GET /api/v1/jobs/{id}}: a finished {@code Job}. */
  public static final String JOB = job("Completed", ENTRY);

  /** A folder listing of {@code /results/<path>} as JSON. */
  public static String listing(String path, String... entries) {
    return """
        {"path": "%s", "entries": [%s]}"""
        .formatted(path, String.join(", ", entries));
  }

  /** One file of a folder listing. */
  public static String file(String name, long size) {
    return """
        {"name": "%s", "directory": false, "size": %s}"""
        .formatted(name, size);
  }

  /** One folder of a folder listing. */
  public static String folder(String name) {
    return """
        {"name": "%s", "directory": true, "size": 4096}"""
        .formatted(name);
  }

  /** {@code GET /api/v1/server}. */
  public static final String SERVER =
      """
      {"version": "test", "results_dir": "/r", "db_type": "h2",
       "storage": [{"name": "data", "path": "/d", "free_bytes": 52428800, "low": false},
                   {"name": "results", "path": "/r", "free_bytes": 52428800, "low": false}]}""";

  /** An API error. */
  public static String error(int status, String type, String title) {
    return """
        {"title": "%s", "status": %s, "type": "%s", "details": {}}"""
        .formatted(title, status, type);
  }
}
