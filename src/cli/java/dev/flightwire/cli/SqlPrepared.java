package dev.flightwire.cli;

import java.util.List;

/**
 * A prepared statement of the SQL service: its text, what it returns and takes, and the rows of
 * parameters bound last (each row one run of the statement). The engine's own prepared statement
 * is made again on the connection of each call that runs it (a DuckDB connection serves one call),
 * so a prepared statement holds no engine resource and an abandoned one costs only its text.
 * Thread-safe: the bound rows are replaced whole.
 */
final class SqlPrepared {
  private final String query;
  private final SqlDescription description;
  private volatile List<Object[]> bound = List.of();

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

  /** Replaces the bound parameter rows (the list is kept, not copied: the caller hands it over). */
  void bind(List<Object[]> rows) {
    bound = rows;
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
