package hangar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The marked examples of a page under {@code docs/}: a fenced block right after a comment {@code
 * <!-- KIND: NAME -->} (or {@code <!-- KIND -->}). Tests parse them into the records they show, so
 * a page cannot drift from the code.
 */
public final class DocBlocks {
  private static final Pattern BLOCK =
      Pattern.compile(
          "<!-- ([a-z-]+)(?:: ([^>]*?))? -->\\s*\\n```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL);

  private DocBlocks() {}

  /**
   * One marked block.
   *
   * @param kind the comment's first word, such as {@code worker-frame}
   * @param name what follows its colon, or empty
   * @param text the block's lines
   * @param line the page's line number of the marking comment
   */
  public record Block(String kind, String name, String text, int line) {
    /** The block's lines, without empty ones. */
    public List<String> lines() {
      return text.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  /** Every block of {@code kind} on the page {@code docs/<page>}, in page order. */
  public static List<Block> of(String page, String kind) {
    String text;
    try {
      text = Files.readString(Path.of("docs", page));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read docs/" + page, e);
    }
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(kind)) {
        int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
        blocks.add(
            new Block(m.group(1), m.group(2) == null ? "" : m.group(2).strip(), m.group(3), line));
      }
    }
    if (blocks.isEmpty()) {
      throw new AssertionError("docs/" + page + " has no block marked <!-- " + kind + " -->");
    }
    return blocks;
  }
}
