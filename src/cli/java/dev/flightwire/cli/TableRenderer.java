package dev.flightwire.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A text table for the terminal: a header row, a rule, then rows, columns separated by two spaces
 * and padded to the widest cell (right-aligned for numeric columns, header included). Cells are
 * made printable (newlines and tabs shown as {@code \n}, {@code \t}; other control characters as
 * {@code ?}) and cut to a maximum width with {@code ...}. Rows are kept until {@link #render}: add
 * only the rows to show. Not thread-safe.
 */
final class TableRenderer {
  static final int DEFAULT_MAX_CELL = 40;
  private static final String ELLIPSIS = "...";

  private final List<String> headers;
  private final boolean[] rightAligned;
  private final int maxCell;
  private final List<String[]> rows = new ArrayList<>();

  /**
   * @param rightAligned for each column, whether it is numeric (right-aligned); null for none
   * @param maxCell the widest a cell is shown, at least 4
   */
  TableRenderer(List<String> headers, boolean[] rightAligned, int maxCell) {
    this.headers = List.copyOf(headers);
    this.rightAligned = rightAligned == null ? new boolean[headers.size()] : rightAligned.clone();
    this.maxCell = Math.max(4, maxCell);
    if (this.rightAligned.length != headers.size()) {
      throw new IllegalArgumentException("one alignment per column");
    }
  }

  /** Adds a row of cells; a null cell shows as {@code null}. */
  void addRow(List<String> cells) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException("row of " + cells.size() + " cells in a table of " + headers.size() + " columns");
    }
    String[] row = new String[cells.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = cell(cells.get(i) == null ? "null" : cells.get(i), maxCell);
    }
    rows.add(row);
  }

  int rowCount() {
    return rows.size();
  }

  /** Writes the header, the rule and every row. */
  void render(PrintStream out) {
    int n = headers.size();
    String[] head = new String[n];
    int[] width = new int[n];
    for (int c = 0; c < n; c++) {
      head[c] = cell(headers.get(c), maxCell);
      width[c] = head[c].length();
    }
    for (String[] row : rows) {
      for (int c = 0; c < n; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, head, width, rightAligned);
    String[] rule = new String[n];
    for (int c = 0; c < n; c++) {
      rule[c] = "-".repeat(width[c]);
    }
    line(sb, rule, width, new boolean[n]);
    for (String[] row : rows) {
      line(sb, row, width, rightAligned);
    }
    out.print(sb);
  }

  private static void line(StringBuilder sb, String[] cells, int[] width, boolean[] right) {
    int start = sb.length();
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        sb.append("  ");
      }
      int pad = width[c] - cells[c].length();
      if (right[c]) {
        sb.append(" ".repeat(pad)).append(cells[c]);
      } else {
        sb.append(cells[c]);
        if (c < cells.length - 1) {
          sb.append(" ".repeat(pad));
        }
      }
    }
    // no trailing blanks
    int end = sb.length();
    while (end > start && sb.charAt(end - 1) == ' ') {
      end--;
    }
    sb.setLength(end);
    sb.append('\n');
  }

  /** A value made printable on one line and cut to {@code max} characters. */
  static String cell(String value, int max) {
    StringBuilder sb = new StringBuilder(Math.min(value.length(), max + 8));
    for (int i = 0; i < value.length() && sb.length() <= max; i++) {
      char c = value.charAt(i);
      if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (Character.isISOControl(c)) {
        sb.append('?');
      } else {
        sb.append(c);
      }
    }
    if (sb.length() > max) {
      sb.setLength(max - ELLIPSIS.length());
      sb.append(ELLIPSIS);
    }
    return sb.toString();
  }
}
