package magnus.cli.control;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for a terminal: a header row, columns two spaces apart, numbers aligned right.
 * The last column is not padded, so that lines carry no trailing blanks.
 */
public final class Table {
  private final String[] headers;
  private final boolean[] right;
  private final List<String[]> rows = new ArrayList<>();

  /**
   * @param headers column headers; a header that starts with '>' names a right-aligned column (the
   *     '>' is not shown)
   */
  public Table(String... headers) {
    this.headers = new String[headers.length];
    this.right = new boolean[headers.length];
    for (int i = 0; i < headers.length; i++) {
      right[i] = headers[i].startsWith(">");
      this.headers[i] = right[i] ? headers[i].substring(1) : headers[i];
    }
  }

  public Table row(String... cells) {
    if (cells.length != headers.length) {
      throw new IllegalArgumentException(
          cells.length + " cells for " + headers.length + " columns");
    }
    rows.add(cells.clone());
    return this;
  }

  public void print(PrintWriter out) {
    int[] width = new int[headers.length];
    for (int i = 0; i < headers.length; i++) {
      width[i] = headers[i].length();
      for (String[] row : rows) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    out.println(line(headers, width));
    for (String[] row : rows) {
      out.println(line(row, width));
    }
    out.flush();
  }

  private String line(String[] cells, int[] width) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        s.append("  ");
      }
      String pad = " ".repeat(width[i] - cells[i].length());
      boolean last = i == cells.length - 1;
      s.append(right[i] ? pad + cells[i] : last ? cells[i] : cells[i] + pad);
    }
    return s.toString().stripTrailing();
  }
}
