package hangar.autoserv.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The regular-expression methods of text, done here over {@link BoundedText} so that matching is
 * charged to the budget, and so that a replacement cannot make more text than the limit: {@code
 * matches}, {@code find}, {@code findAll}, {@code split} and {@code replaceAll}, with the meaning
 * Groovy and the JDK give them.
 */
final class Regexes {
  private static final Set<String> METHODS =
      Set.of("matches", "find", "findAll", "split", "replaceAll");

  private Regexes() {}

  /** Whether {@code name(args)} on text is a regular-expression call done here. */
  static boolean handles(String name, Object[] args) {
    return METHODS.contains(name) && args.length >= 1 && args[0] instanceof CharSequence;
  }

  /**
   * Does {@code text.name(args)}.
   *
   * @throws SandboxRefusal for a form that takes a closure, or a result past the limits
   */
  static Object call(String name, CharSequence text, Object[] args, Budget budget) {
    Pattern pattern = compile(args[0]);
    BoundedText bounded = new BoundedText(text, budget);
    return switch (name) {
      case "matches" -> {
        only(name, args, 1);
        yield pattern.matcher(bounded).matches();
      }
      case "find" -> {
        only(name, args, 1);
        Matcher matcher = pattern.matcher(bounded);
        yield matcher.find() ? matcher.group() : null;
      }
      case "findAll" -> {
        only(name, args, 1);
        yield findAll(pattern.matcher(bounded));
      }
      case "split" -> {
        if (args.length == 2 && args[1] instanceof Integer limit) {
          yield pattern.split(bounded, limit);
        }
        only(name, args, 1);
        yield pattern.split(bounded);
      }
      default -> {
        if (args.length != 2 || !(args[1] instanceof CharSequence replacement)) {
          throw new SandboxRefusal(
              "replaceAll takes a regular expression and a replacement text in a control file");
        }
        yield replaceAll(pattern.matcher(bounded), text.length(), replacement.toString());
      }
    };
  }

  /** {@code text ==~ regex}. */
  static boolean matches(CharSequence text, CharSequence regex, Budget budget) {
    return compile(regex).matcher(new BoundedText(text, budget)).matches();
  }

  private static Pattern compile(Object regex) {
    try {
      return Pattern.compile(regex.toString());
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "not a regular expression: " + e.getDescription() + " in '" + e.getPattern() + "'", e);
    }
  }

  private static void only(String name, Object[] args, int count) {
    if (args.length != count) {
      throw new SandboxRefusal(
          name + " takes only a regular expression in a control file (no closure, no more)");
    }
  }

  /** As Groovy's findAll: the matched texts, or for a pattern with groups, each match's groups. */
  private static List<Object> findAll(Matcher matcher) {
    List<Object> found = new ArrayList<>();
    while (matcher.find()) {
      if (matcher.groupCount() == 0) {
        found.add(matcher.group());
      } else {
        List<String> groups = new ArrayList<>();
        for (int group = 0; group <= matcher.groupCount(); group++) {
          groups.add(matcher.group(group));
        }
        found.add(groups);
      }
      if (found.size() > Sandbox.MAX_ELEMENTS) {
        throw Values.tooLarge("a list of more than " + Sandbox.MAX_ELEMENTS + " matches");
      }
    }
    return found;
  }

  private static String replaceAll(Matcher matcher, int length, String replacement) {
    // Each $n copies up to the whole text: a replacement of many of them multiplies it.
    long references = replacement.chars().filter(c -> c == '$').count();
    if (references * length > Sandbox.MAX_TEXT) {
      throw Values.tooLarge(
          "a replacement with " + references + " group references in text of " + length + " chars");
    }
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, replacement);
      if (out.length() > Sandbox.MAX_TEXT) {
        throw Values.tooLarge("text of more than " + Sandbox.MAX_TEXT + " characters");
      }
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
