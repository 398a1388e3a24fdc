package hangar.scheduler;

import hangar.lab.HostQueueEntry;
import hangar.lab.Job;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The names an entry's session goes by: its session id, its group's folder and its results. */
final class SessionIds {
  /** The session id a drone knows an entry's session by. */
  static final String SESSION_PREFIX = "hqe-";

  /** The session id prefix of a synchronous job's group, shared by the group's entries. */
  static final String GROUP_SESSION_PREFIX = "grp-";

  private static final Pattern GROUP = Pattern.compile("group(\\d+)");

  private SessionIds() {}

  /**
   * The session an entry runs in: its own ({@code hqe-<id>}), or its group's, which all the group's
   * entries share ({@code grp-<job>-<group>}).
   */
  static String sessionId(HostQueueEntry entry) {
    String subdir = entry.executionSubdir();
    if (subdir != null && GROUP.matcher(subdir).matches()) {
      return GROUP_SESSION_PREFIX + entry.jobId() + "-" + subdir;
    }
    return SESSION_PREFIX + entry.id();
  }

  /** True for the id of a job's session (an entry's or a group's), false for a special task's. */
  static boolean isJobSession(String sessionId) {
    return sessionId.startsWith(SESSION_PREFIX) || sessionId.startsWith(GROUP_SESSION_PREFIX);
  }

  /** The entry's folder under its job's results: its group's, or its host's. */
  static String subdirOf(HostQueueEntry entry) {
    return entry.executionSubdir() != null ? entry.executionSubdir() : entry.hostname();
  }

  /** An entry's results folder relative to the results root: {@code <job tag>/<host or group>}. */
  static String relativeResults(Job job, HostQueueEntry entry) {
    return job.resultsTag() + "/" + subdirOf(entry);
  }

  /** The number of a job's next group folder: one past the highest {@code group<n>} it has. */
  static int nextGroup(Set<String> groups) {
    int next = 0;
    for (String group : groups) {
      Matcher m = GROUP.matcher(group);
      if (m.matches()) {
        next = Math.max(next, Integer.parseInt(m.group(1)) + 1);
      }
    }
    return next;
  }
}
