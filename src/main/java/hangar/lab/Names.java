package hangar.lab;

import java.util.List;

/**
 * The one rule for each kind of name in the lab. The model records, the stores, the API and the CLI
 * all check names here, so a name refused in one place is refused with the same words in every
 * other; the database schema bounds the same lengths (migration {@code V11__name_rules}).
 *
 * <p>Every name is 1 to {@value #MAX_LENGTH} characters. Machine-like names (hosts, labels, atomic
 * groups, drones, logins, ACL groups) take ASCII letters, digits and a little punctuation and start
 * with a letter or digit, because they end up in paths, command lines, config keys and {@code -m
 * N*label} specs. A job's name is free text, as Autotest's is ({@code afe_jobs.name}, 255
 * characters): spaces and any printable character, but no control, line-break or bidi characters
 * (they would break status logs, keyval files and terminals), and no space at either end.
 */
public final class Names {
  /** The longest name of any kind: the {@code VARCHAR(255)} of every name column. */
  public static final int MAX_LENGTH = 255;

  /** How much of a refused value a message shows. */
  private static final int QUOTED_LENGTH = 64;

  private Names() {}

  /** The kinds of names, each with its characters and the words that describe them. */
  public enum Kind {
    HOST("host name", "._:-", false, "letters, digits, '.', '_', ':' and '-'"),
    LABEL("label name", "._:+-", false, "letters, digits, '.', '_', ':', '+' and '-'"),
    ATOMIC_GROUP(
        "atomic group name", "._:+-", false, "letters, digits, '.', '_', ':', '+' and '-'"),
    DRONE("drone name", "._-", true, "lower-case letters, digits, '.', '_' and '-'"),
    LOGIN("login", "._@-", false, "letters, digits, '.', '_', '@' and '-'"),
    ACL_GROUP("ACL group name", "._:+-", false, "letters, digits, '.', '_', ':', '+' and '-'"),
    JOB("job name", null, false, "printable characters and spaces");

    private final String noun;
    private final String punctuation;
    private final boolean lowerCase;
    private final String characters;

    Kind(String noun, String punctuation, boolean lowerCase, String characters) {
      this.noun = noun;
      this.punctuation = punctuation;
      this.lowerCase = lowerCase;
      this.characters = characters;
    }

    /** What the name is called in messages, such as {@code host name}. */
    public String noun() {
      return noun;
    }

    /** The rule in words, as every refusal states it. */
    public String rule() {
      return punctuation == null
          ? characters
              + ", 1 to "
              + MAX_LENGTH
              + " characters, no control or bidi characters and no space at either end"
          : "use "
              + characters
              + ", starting with a letter or digit, 1 to "
              + MAX_LENGTH
              + " characters";
    }

    private boolean accepts(String value) {
      if (value.isEmpty() || value.length() > MAX_LENGTH) {
        return false;
      }
      if (punctuation == null) {
        return Texts.isPrintable(value, false)
            && !Character.isWhitespace(value.charAt(0))
            && !Character.isWhitespace(value.charAt(value.length() - 1));
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        boolean alnum =
            (c >= '0' && c <= '9')
                || (c >= 'a' && c <= 'z')
                || (!lowerCase && c >= 'A' && c <= 'Z');
        if (!alnum && (i == 0 || punctuation.indexOf(c) < 0)) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Checks a name of the given kind.
   *
   * @return the name, unchanged
   * @throws IllegalArgumentException naming the kind, the value (escaped and shortened) and the
   *     rule
   */
  public static String check(Kind kind, String value) {
    if (value == null) {
      throw new IllegalArgumentException("a " + kind.noun() + " is required; " + kind.rule());
    }
    if (!kind.accepts(value)) {
      throw new IllegalArgumentException(
          kind.noun() + " " + quote(value) + " is not valid: " + kind.rule());
    }
    return value;
  }

  /** True when {@code value} is a valid name of this kind. */
  public static boolean isValid(Kind kind, String value) {
    return value != null && kind.accepts(value);
  }

  /** Checks each name of a list; the list itself and its items must not be null. */
  public static List<String> checkAll(Kind kind, List<String> values) {
    if (values == null) {
      throw new IllegalArgumentException("a list of " + kind.noun() + "s must not be null");
    }
    for (String value : values) {
      check(kind, value);
    }
    return values;
  }

  /** A host's name. */
  public static String host(String value) {
    return check(Kind.HOST, value);
  }

  /** A label's name. */
  public static String label(String value) {
    return check(Kind.LABEL, value);
  }

  /** An atomic group's name. */
  public static String atomicGroup(String value) {
    return check(Kind.ATOMIC_GROUP, value);
  }

  /** A job's name. */
  public static String job(String value) {
    return check(Kind.JOB, value);
  }

  /** A drone's or dial-in worker's name. */
  public static String drone(String value) {
    return check(Kind.DRONE, value);
  }

  /** A user's login. */
  public static String login(String value) {
    return check(Kind.LOGIN, value);
  }

  /** An ACL group's name. */
  public static String aclGroup(String value) {
    return check(Kind.ACL_GROUP, value);
  }

  /**
   * A value as a message may show it: in single quotes, control, line-break and bidi characters as
   * {@code \}{@code uXXXX} escapes, and cut after 64 characters with the full length said, so that
   * whatever a client sent, the answer neither breaks a terminal nor grows with the input.
   */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    String shown = value.length() > QUOTED_LENGTH ? value.substring(0, QUOTED_LENGTH) : value;
    String tail = value.length() > QUOTED_LENGTH ? "...' (" + value.length() + " characters)" : "'";
    return "'" + Texts.escape(shown) + tail;
  }
}
