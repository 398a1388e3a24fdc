package hangar.cli;

import hangar.lab.Texts;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table as atest prints it: left-aligned columns two spaces apart, a header row
 * (unless it is a list of fields), no trailing blanks.
 */
public final class Table {
  private static final String GAP = "  ";

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  private Table(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  /** A table with these column headers. */
  public static Table withHeaders(String... headers) {
    return new Table(List.of(headers));
  }

  /** A two-column table of {@code Name: value} lines, without a header. */
  public static Table fields() {
    return new Table(List.of());
  }

  /** Adds a row; null cells print empty and line breaks print as spaces. */
  public void add(Object... cells) {
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      // Line breaks become spaces; other control and bidi characters (in data written before
      // the server refused them) are shown escaped, never sent raw to the terminal.
      row.add(cell == null ? "" : Texts.escape(cell.toString().replaceAll("\\R", " ")));
    }
    rows.add(row);
  }

  /** Adds a {@code Name: value} line to a fields table. */
  public void field(String name, Object value) {
    add(name + ":", value);
  }

  /** True when no row was added. */
  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Prints the header (if any) and the rows. */
  public void print(PrintWriter out) {
    List<List<String>> lines = new ArrayList<>();
    if (!headers.isEmpty()) {
      lines.add(headers);
    }
    lines.addAll(rows);
    int columns = lines.stream().mapToInt(List::size).max().orElse(0);
    int[] widths = new int[columns];
    for (List<String> line : lines) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    for (List<String> line : lines) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.size(); i++) {
        String cell = line.get(i);
        text.append(cell);
        if (i < line.size() - 1) {
          text.append(" ".repeat(widths[i] - cell.length())).append(GAP);
        }
      }
      out.println(text.toString().stripTrailing());
    }
  }
}
