package hangar.results;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where a symbolic link in a results folder points, as listings show it: a listing never reads
 * anything about a target that is not inside the results folder.
 */
public enum LinkTarget {
  /** The target resolves inside the results folder: listed with its kind and size, and served. */
  @JsonProperty("inside")
  INSIDE,
  /**
   * The target is outside the results folder, or missing: listed as a file of size 0, never read.
   */
  @JsonProperty("outside")
  OUTSIDE
}
