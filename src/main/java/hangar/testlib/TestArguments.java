package hangar.testlib;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments a control file gave {@code job.run_test} after the test name: named ones ({@code
 * seconds: 1}) and positional ones ({@code 1}). A test reads each parameter by name and position;
 * anything it did not declare is an error, so a typo does not pass silently.
 *
 * @param test the test's name, for messages
 * @param named the named arguments, in the order given
 * @param positional the positional arguments
 */
public record TestArguments(String test, Map<String, Object> named, List<Object> positional) {
  /** The longest duration a control file may ask for: a year, more than any test should take. */
  public static final long MAX_SECONDS = 365L * 24 * 3600;

  public TestArguments {
    named = Collections.unmodifiableMap(new LinkedHashMap<>(named));
    // Not List.copyOf: a control file may pass null.
    positional = Collections.unmodifiableList(new ArrayList<>(positional));
  }

  /**
   * Checks that only the declared parameters were given, positional ones at most as many as
   * declared.
   *
   * @param parameters the test's parameters, positional ones first in order
   * @param positionalCount how many of them may also be given by position
   * @throws TestErrorException naming the first unexpected argument
   */
  public void checkOnly(List<String> parameters, int positionalCount) {
    if (positional.size() > positionalCount) {
      throw new TestErrorException(
          test
              + " takes at most "
              + positionalCount
              + " positional argument(s), got "
              + positional.size()
              + "; name them instead: "
              + String.join(", ", parameters.stream().map(p -> p + ": ...").toList()));
    }
    Set<String> known = Set.copyOf(parameters);
    for (String name : named.keySet()) {
      if (!known.contains(name)) {
        throw new TestErrorException(
            test + " has no argument '" + name + "'; it takes " + String.join(", ", parameters));
      }
    }
  }

  /** The argument given by name, or else at the position, if given at all. */
  public Optional<Object> find(String name, int position) {
    boolean byName = named.containsKey(name);
    boolean byPosition = position >= 0 && position < positional.size();
    if (byName && byPosition) {
      throw new TestErrorException(test + " got argument '" + name + "' twice");
    }
    if (byName) {
      return Optional.ofNullable(named.get(name));
    }
    return byPosition ? Optional.ofNullable(positional.get(position)) : Optional.empty();
  }

  /** A required text argument. */
  public String requireText(String name, int position) {
    Object value =
        find(name, position)
            .orElseThrow(
                () -> new TestErrorException(test + " needs argument '" + name + ": ...'"));
    if (!(value instanceof CharSequence)) {
      throw new TestErrorException(test + " argument '" + name + "' must be text, was " + value);
    }
    return value.toString();
  }

  /** An optional number of seconds, at least zero, as a duration. */
  public Optional<Duration> findSeconds(String name, int position) {
    return find(name, position).map(value -> seconds(name, value));
  }

  /** An optional text argument. */
  public Optional<String> findText(String name, int position) {
    return find(name, position)
        .map(
            value -> {
              if (!(value instanceof CharSequence)) {
                throw new TestErrorException(
                    test + " argument '" + name + "' must be text, was " + value);
              }
              return value.toString();
            });
  }

  /** An optional whole number between {@code min} and {@code max}. */
  public Optional<Integer> findInt(String name, int position, int min, int max) {
    return find(name, position)
        .map(
            value -> {
              if (!(value instanceof Number number)
                  || number.doubleValue() != Math.rint(number.doubleValue())
                  || number.doubleValue() < min
                  || number.doubleValue() > max) {
                throw new TestErrorException(
                    test
                        + " argument '"
                        + name
                        + "' must be a whole number from "
                        + min
                        + " to "
                        + max
                        + ", was "
                        + value);
              }
              return number.intValue();
            });
  }

  /** An optional true or false. */
  public Optional<Boolean> findBoolean(String name, int position) {
    return find(name, position)
        .map(
            value -> {
              if (!(value instanceof Boolean flag)) {
                throw new TestErrorException(
                    test + " argument '" + name + "' must be true or false, was " + value);
              }
              return flag;
            });
  }

  /**
   * Optional extra command-line words: a list ({@code ['--a', 'b c']}, each item one word) or a
   * text split at spaces ({@code '--a b'}). Each word reaches the tool as one argument, never
   * through a shell.
   */
  public List<String> words(String name, int position) {
    return find(name, position)
        .map(
            value -> {
              if (value instanceof CharSequence text) {
                String stripped = text.toString().strip();
                return stripped.isEmpty() ? List.<String>of() : List.of(stripped.split("\\s+"));
              }
              if (value instanceof List<?> list) {
                return list.stream().map(String::valueOf).toList();
              }
              throw new TestErrorException(
                  test + " argument '" + name + "' must be text or a list of words, was " + value);
            })
        .orElse(List.of());
  }

  private Duration seconds(String name, Object value) {
    if (!(value instanceof Number number)) {
      throw new TestErrorException(
          test + " argument '" + name + "' must be a number of seconds, was " + value);
    }
    double seconds = number.doubleValue();
    if (!(seconds >= 0) || seconds > MAX_SECONDS) {
      throw new TestErrorException(
          test
              + " argument '"
              + name
              + "' must be between 0 and "
              + MAX_SECONDS
              + " seconds, was "
              + value);
    }
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }
}
