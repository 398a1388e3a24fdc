package hangar.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the text of an {@link IniEntry} into a typed value, or throws a {@link ConfigException}
 * whose reason names the accepted values. Also holds the name rules the settings records check.
 */
final class ConfigValues {
  /** One DNS label: letters, digits and inner hyphens; labels joined by dots. */
  private static final Pattern HOST_NAME =
      Pattern.compile(
          "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

  private static final int MAX_HOST_NAME_LENGTH = 253;

  /** ASCII only: {@link Integer#parseInt} alone would also take other scripts' digits. */
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

  /** The portable POSIX user name set, as {@code useradd} accepts it. */
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  static final String HOST_NAME_RULE =
      "a host name (letters, digits, '-' and '.', no spaces or other characters)";

  static final String USER_NAME_RULE =
      "a user name (letters, digits, '_', '.' and '-', not starting with a digit, '.' or '-')";

  private ConfigValues() {}

  static boolean isHostName(String name) {
    return name.length() <= MAX_HOST_NAME_LENGTH && HOST_NAME.matcher(name).matches();
  }

  static boolean isUserName(String name) {
    return USER_NAME.matcher(name).matches();
  }

  /** Absolute on the drone, which is always a POSIX machine; so not {@link java.nio.file.Path}. */
  static boolean isAbsolutePath(String path) {
    return path.startsWith("/");
  }

  static int wholeNumber(IniEntry entry, int min) {
    return wholeNumber(entry, min, Integer.MAX_VALUE);
  }

  static int wholeNumber(IniEntry entry, int min, int max) {
    String range = max == Integer.MAX_VALUE ? ">= " + min : "from " + min + " to " + max;
    String reason = "must be a whole number " + range + ", was " + shown(entry.value());
    if (!WHOLE_NUMBER.matcher(entry.value()).matches()) {
      throw entry.error(reason);
    }
    int value;
    try {
      value = Integer.parseInt(entry.value());
    } catch (NumberFormatException e) {
      throw entry.error(reason);
    }
    if (value < min || value > max) {
      throw entry.error(reason);
    }
    return value;
  }

  /** Whole seconds or a decimal such as {@code 0.5}, at most millisecond precision, above 0. */
  static Duration positiveSeconds(IniEntry entry) {
    String reason =
        "must be a number of seconds above 0 such as 5 or 0.5 (at most 3 decimals), was "
            + shown(entry.value());
    BigDecimal seconds;
    try {
      seconds = new BigDecimal(entry.value());
    } catch (NumberFormatException e) {
      throw entry.error(reason);
    }
    if (seconds.signum() <= 0
        || seconds.scale() > 3
        || seconds.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
      throw entry.error(reason);
    }
    return Duration.ofMillis(seconds.movePointRight(3).longValueExact());
  }

  /** {@code true}/{@code false}, also {@code yes}/{@code no}, {@code on}/{@code off}, 1/0. */
  static boolean bool(IniEntry entry) {
    return switch (entry.value().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw entry.error("must be true or false, was " + shown(entry.value()));
    };
  }

  static String hostName(IniEntry entry) {
    if (!isHostName(entry.value())) {
      throw entry.error("must be " + HOST_NAME_RULE + ", was " + shown(entry.value()));
    }
    return entry.value().toLowerCase(Locale.ROOT);
  }

  static String hostNameOrEmpty(IniEntry entry) {
    return entry.value().isEmpty() ? "" : hostName(entry);
  }

  /** A comma-separated list of at least one host name, without repeats. */
  static List<String> hostList(IniEntry entry) {
    String rule = "must be a comma-separated list of host names such as localhost, drone1, drone2";
    List<String> hosts = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String part : entry.value().split(",", -1)) {
      String host = part.strip();
      if (host.isEmpty()) {
        throw entry.error(rule + "; found an empty name in '" + entry.value() + "'");
      }
      if (!isHostName(host)) {
        throw entry.error(rule + "; " + shown(host) + " is not " + HOST_NAME_RULE);
      }
      String normalized = host.toLowerCase(Locale.ROOT);
      if (!seen.add(normalized)) {
        throw entry.error(rule + "; " + shown(host) + " is listed twice");
      }
      hosts.add(normalized);
    }
    return hosts;
  }

  static String absolutePath(IniEntry entry) {
    if (!isAbsolutePath(entry.value())) {
      throw entry.error("must be an absolute path such as /usr/local/hangar, was " + shown(entry));
    }
    return entry.value();
  }

  static String absolutePathOrEmpty(IniEntry entry) {
    if (!entry.value().isEmpty() && !isAbsolutePath(entry.value())) {
      throw entry.error("must be empty or an absolute path, was " + shown(entry));
    }
    return entry.value();
  }

  static String userName(IniEntry entry) {
    if (!isUserName(entry.value())) {
      throw entry.error("must be " + USER_NAME_RULE + ", was " + shown(entry.value()));
    }
    return entry.value();
  }

  private static String shown(IniEntry entry) {
    return shown(entry.value());
  }

  /** Quotes only what would otherwise be invisible or ambiguous in a message. */
  static String shown(String value) {
    return value.isEmpty() || !value.strip().equals(value) || value.contains(" ")
        ? "'" + value + "'"
        : value;
  }
}
