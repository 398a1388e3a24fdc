package hangar.lab;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parsing shared by the lab's enums: display names and enum names, any case. */
final class Statuses {
  private Statuses() {}

  static <E extends Enum<E>> E parse(
      Class<E> type, E[] values, String text, Function<E, String> displayName) {
    if (text == null) {
      throw new IllegalArgumentException(type.getSimpleName() + " must not be null");
    }
    String wanted = normalise(text);
    for (E value : values) {
      if (normalise(value.name()).equals(wanted)
          || normalise(displayName.apply(value)).equals(wanted)) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "unknown "
            + type.getSimpleName()
            + " "
            + Names.quote(text)
            + "; expected one of "
            + Arrays.stream(values).map(displayName).collect(Collectors.joining(", ")));
  }

  private static String normalise(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }
}
