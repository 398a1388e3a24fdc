package hangar.lab;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Counts of phrases for wait and refusal messages: "2 Running, 1 locked". */
public final class Tally {
  private Tally() {}

  /** Each distinct phrase with how often it occurs, most frequent first, then by phrase. */
  public static String of(Collection<String> phrases) {
    Map<String, Long> counts =
        phrases.stream()
            .collect(
                Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    return counts.entrySet().stream()
        .sorted(
            Comparator.comparing(Map.Entry<String, Long>::getValue)
                .reversed()
                .thenComparing(Map.Entry::getKey))
        .map(e -> e.getValue() + " " + e.getKey())
        .collect(Collectors.joining(", "));
  }
}
