package hangar.store;

import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/** Reading the row counts of a batch of guarded updates. */
final class Batches {
  private Batches() {}

  /**
   * The ids of the items whose guarded update changed its row.
   *
   * @param items the batch's items, in the order they were added
   * @param counts the batch's counts, one per item
   * @throws IllegalStateException if the driver gave no per-row counts, or an update hit several
   *     rows: a guarded batch cannot tell then what it changed
   */
  static <T> Set<Long> changed(List<T> items, int[] counts, ToLongFunction<T> id) {
    if (counts.length != items.size()) {
      throw new IllegalStateException(
          "a batch of " + items.size() + " updates answered " + counts.length + " counts; a bug");
    }
    Set<Long> changed = new HashSet<>();
    for (int i = 0; i < counts.length; i++) {
      switch (counts[i]) {
        case 0 -> {}
        case 1 -> changed.add(id.applyAsLong(items.get(i)));
        case Statement.SUCCESS_NO_INFO ->
            throw new IllegalStateException(
                "the database driver answered a guarded batch without row counts; the dialect"
                    + " must turn per-row counts on");
        default ->
            throw new IllegalStateException(
                "a guarded update of id "
                    + id.applyAsLong(items.get(i))
                    + " hit "
                    + counts[i]
                    + " rows; the key is broken");
      }
    }
    return changed;
  }
}
