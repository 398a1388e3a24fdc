package hangar.lab;

/**
 * The rule for free text that users give (a lock reason, a description, a command, a control file):
 * a bounded length and no character that breaks what shows or stores it. One-line text takes no
 * control characters at all; multi-line text takes tabs and line breaks. Neither takes NUL (which
 * PostgreSQL cannot store), half of a surrogate pair (which no database stores as sent), C1
 * controls, or the bidi controls that make text read differently from what it is (the "Trojan
 * Source" trick).
 */
public final class Texts {
  private Texts() {}

  /**
   * Checks one line of free text; null passes (the caller decides what absent means).
   *
   * @param what what the text is, for the message ({@code lock reason})
   * @param maxLength the most characters (UTF-16 units, which never undercounts a database's)
   * @return the text, unchanged
   * @throws IllegalArgumentException naming what, the length or the first bad character
   */
  public static String line(String what, String text, int maxLength) {
    return check(what, text, maxLength, false);
  }

  /**
   * Checks text of several lines (tabs, CR and LF allowed); null passes.
   *
   * @throws IllegalArgumentException naming what, the length or the first bad character
   */
  public static String lines(String what, String text, int maxLength) {
    return check(what, text, maxLength, true);
  }

  private static String check(String what, String text, int maxLength, boolean multiline) {
    if (text == null) {
      return null;
    }
    if (text.length() > maxLength) {
      throw new IllegalArgumentException(
          what + " must be at most " + maxLength + " characters, was " + text.length());
    }
    int bad = firstUnprintable(text, multiline);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          what
              + (multiline
                  ? " must not hold control, bidi or broken characters besides tabs and line"
                      + " breaks"
                  : " must be one line without tabs or control, bidi or broken characters")
              + "; found "
              + escape(text.substring(bad, bad + 1))
              + " at character "
              + (bad + 1));
    }
    return text;
  }

  /** True when the text holds no character {@link #line} (or {@link #lines}) refuses. */
  public static boolean isPrintable(String text, boolean multiline) {
    return firstUnprintable(text, multiline) < 0;
  }

  private static int firstUnprintable(String text, boolean multiline) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
        continue;
      }
      boolean allowed = multiline && (c == '\t' || c == '\n' || c == '\r');
      if (isUnsafe(c) && !allowed) {
        return i;
      }
    }
    return -1;
  }

  /**
   * C0 and C1 controls, DEL, line and paragraph separators, bidi controls and lone surrogates: the
   * characters a message never echoes raw.
   */
  static boolean isUnsafe(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == 0x061c
        || c == 0x200e
        || c == 0x200f
        || (c >= 0x2028 && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || Character.isSurrogate(c);
  }

  /** The text as HTML shows it literally: {@code & < > "} escaped. */
  public static String html(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /**
   * The text with every unsafe character (see {@link #isUnsafe}; pairs of surrogates are kept) as a
   * {@code \}{@code uXXXX} escape: what a message or a table shows of text it cannot trust.
   */
  public static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1));
      if (pair) {
        if (out != null) {
          out.append(c).append(text.charAt(i + 1));
        }
        i++;
      } else if (isUnsafe(c)) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(String.format("\\u%04X", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }
}
