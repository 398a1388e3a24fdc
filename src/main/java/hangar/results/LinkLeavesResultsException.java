package hangar.results;

import hangar.HangarException;

/**
 * A path inside a results folder that is, or passes through, a symbolic link to a place outside it:
 * nothing there is read. The API answers it with {@code 403}.
 */
public class LinkLeavesResultsException extends HangarException {
  private static final long serialVersionUID = 1L;

  /**
   * @param relative the path as asked, relative to the results folder
   */
  public LinkLeavesResultsException(String relative) {
    super(
        "'"
            + relative
            + "' is a symbolic link (or passes through one) to a place outside the results"
            + " folder; results serve only what is inside it");
  }
}
