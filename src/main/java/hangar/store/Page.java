package hangar.store;

import hangar.lab.Texts;

/**
 * Which part of a list to read: at most {@code limit} items, starting after the item whose sort key
 * is {@code after} (a host's or label's name, a job's id), or from the start when it is null. Keys,
 * not offsets: a page read while the list changes neither skips nor repeats an item.
 *
 * @param limit how many items at most, 1 to {@link #MAX_LIMIT}
 * @param after the sort key of the last item of the page before, or null for the first page
 */
public record Page(int limit, String after) {
  /** The most items one page holds. */
  public static final int MAX_LIMIT = 1000;

  /**
   * Checks the page.
   *
   * @throws IllegalArgumentException for a limit outside 1 to {@value #MAX_LIMIT} or an {@code
   *     after} no item has (over 1000 characters, or with control characters)
   */
  public Page {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be 1 to "
              + MAX_LIMIT
              + ", was "
              + limit
              + "; read longer lists page by page, following the Link header's next page");
    }
    Texts.line("after", after, 1000);
  }

  /** The first page of at most {@code limit} items. */
  public static Page first(int limit) {
    return new Page(limit, null);
  }
}
