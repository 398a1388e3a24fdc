package hangar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands of README.md's tour: every line of the {@code ```sh} blocks after the heading
 * {@value #HEADING}, in order. Lines ending in a backslash are joined with the next; blank lines
 * and comment lines are left out. Blocks before the heading (starting the server, running the
 * tests) and blocks fenced otherwise are not part of it.
 */
final class ReadmeTour {
  static final String HEADING = "## A short tour";

  /** One command of the tour and the README line it starts on. */
  record Line(int number, String command) {
    @Override
    public String toString() {
      return "README.md:" + number + ": " + command;
    }
  }

  private ReadmeTour() {}

  /**
   * Reads the tour from a README.
   *
   * @throws IllegalStateException when the README has no tour heading, an unclosed block or a
   *     continued line at a block's end
   */
  static List<Line> read(Path readme) throws IOException {
    List<String> text = Files.readAllLines(readme, StandardCharsets.UTF_8);
    int start = text.indexOf(HEADING);
    if (start < 0) {
      throw new IllegalStateException(readme + " has no line '" + HEADING + "'");
    }
    List<Line> tour = new ArrayList<>();
    boolean inBlock = false;
    int blockStart = 0;
    StringBuilder pending = null;
    int pendingStart = 0;
    for (int i = start + 1; i < text.size(); i++) {
      String line = text.get(i);
      int number = i + 1;
      if (!inBlock) {
        inBlock = line.strip().equals("```sh");
        blockStart = number;
        continue;
      }
      if (line.strip().equals("```")) {
        if (pending != null) {
          throw new IllegalStateException(
              readme + ":" + pendingStart + ": a continued line ends its block");
        }
        inBlock = false;
        continue;
      }
      if (pending == null && (line.isBlank() || line.strip().startsWith("#"))) {
        continue;
      }
      if (pending == null) {
        pending = new StringBuilder();
        pendingStart = number;
      }
      boolean continued = line.endsWith("\\");
      pending.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
      if (!continued) {
        tour.add(new Line(pendingStart, pending.toString().strip()));
        pending = null;
      }
    }
    if (inBlock) {
      throw new IllegalStateException(readme + ":" + blockStart + ": a ```sh block is not closed");
    }
    return List.copyOf(tour);
  }
}
