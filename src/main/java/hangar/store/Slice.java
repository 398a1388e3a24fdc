package hangar.store;

import java.util.List;

/**
 * One page of a list.
 *
 * @param items the page's items, in the list's order
 * @param next the {@code after} key of the next page, or null when this page is the last
 * @param <T> the item type
 */
public record Slice<T>(List<T> items, String next) {
  public Slice {
    items = List.copyOf(items);
  }

  /**
   * The page from {@code limit + 1} items read: the first {@code limit}, and the key of the last of
   * them as {@code next} when there were more.
   */
  static <T> Slice<T> of(List<T> read, int limit, java.util.function.Function<T, String> key) {
    if (read.size() <= limit) {
      return new Slice<>(read, null);
    }
    List<T> page = read.subList(0, limit);
    return new Slice<>(page, key.apply(page.get(limit - 1)));
  }
}
