package dev.flightwire.cli;

import java.util.List;

/**
 * A prepared statement of the SQL service: its text, what it returns and takes, and the rows of
 * parameters bound last (each row one run of the statement). The engine's own prepared statement
 * is made again on the connection of each call that runs it (a DuckDB connection serves one call),
 * so a prepared statement holds no engine resource: an abandoned one holds its text and its bound
 * rows until it is closed or forgotten for disuse.
 * Thread-safe: the bound rows are replaced whole.
 */
final class SqlPrepared {
  private final String query;
  private final SqlDescription description;
  private volatile List<Object[]> bound = List.of();
  private volatile long boundBytes;
  private volatile long lastUsed = System.nanoTime();

  SqlPrepared(String query, SqlDescription description) {
    this.query = query;
    this.description = description;
  }

  String query() {
    return query;
  }

  SqlDescription description() {
    return description;
  }

  /**
   * Replaces the bound parameter rows (the list is kept, not copied: the caller hands it over),
   * {@code bytes} their size as received.
   */
  void bind(List<Object[]> rows, long bytes) {
    bound = rows;
    boundBytes = bytes;
  }

  long boundBytes() {
    return boundBytes;
  }

  /** Marks the statement used now. */
  void touch() {
    lastUsed = System.nanoTime();
  }

  long lastUsed() {
    return lastUsed;
  }

  /**
   * The runs of a query: the bound rows, or one run without values when the statement takes no
   * parameters.
   */
  List<Object[]> runs() {
    List<Object[]> rows = bound;
    if (rows.isEmpty()) {
      return List.<Object[]>of(new Object[0]);
    }
    return rows;
  }
}
