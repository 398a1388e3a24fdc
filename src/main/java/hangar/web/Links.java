package hangar.web;

import hangar.lab.HostQueueEntry;
import hangar.lab.Names;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The pages' links: query values, ids in paths, results folders. */
public final class Links {
  private Links() {}

  /** A value as a query string carries it. */
  public static String query(String value) {
    return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** A path segment as a URL carries it (hostnames and logins are already safe, but be sure). */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A job id from the path. */
  static long id(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a job id is a number, was " + Names.quote(text), e);
    }
  }

  /** Where an entry's results folder is served, or null before it has one. */
  public static String results(long jobId, String owner, HostQueueEntry e) {
    String subdir = e.executionSubdir();
    return subdir == null ? null : "/results/" + jobId + "-" + owner + "/" + subdir + "/";
  }
}
