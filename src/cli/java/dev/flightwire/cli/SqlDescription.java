package dev.flightwire.cli;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSetMetaData;
import org.duckdb.StatementReturnType;

/**
 * What a statement returns and takes, found before it runs: whether it returns rows, their
 * schema (exactly as the engine exports them), and its parameters' schema.
 *
 * <p>The rows' schema comes from running the query wrapped as {@code SELECT * FROM (query) LIMIT 0}
 * with null parameters: nothing is computed and nothing changes. A statement that returns rows but
 * cannot be wrapped ({@code SHOW}, {@code DESCRIBE}, {@code PRAGMA}, {@code EXPLAIN}) is run once
 * for its schema; these change nothing either.
 *
 * @param returnsRows whether the statement is a query (false for updates and DDL)
 * @param rows the result's schema, empty when it returns no rows
 * @param parameters one field per parameter ({@link SqlParameters#schemaOf})
 */
record SqlDescription(boolean returnsRows, Schema rows, Schema parameters) {
  private static final Schema NONE = new Schema(List.of());

  /**
   * Describes {@code query}.
   *
   * @param c the call's connection; borrowed
   * @param allocator where the schema's (empty) import is accounted; borrowed
   */
  static SqlDescription of(DuckDBConnection c, BufferAllocator allocator, String query) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(query)) {
      Schema parameters = SqlParameters.schemaOf(p.getParameterMetaData());
      StatementReturnType type = ((DuckDBResultSetMetaData) p.getMetaData()).getReturnType();
      if (type != StatementReturnType.QUERY_RESULT) {
        return new SqlDescription(false, NONE, parameters);
      }
      Object[] nulls = new Object[parameters.getFields().size()];
      Schema rows;
      try (PreparedStatement wrapped = c.prepareStatement("SELECT * FROM (\n" + bare(query) + "\n) LIMIT 0")) {
        SqlParameters.bind(wrapped, nulls);
        rows = SqlEngine.schemaOf(wrapped, allocator);
      } catch (SQLException notAQuery) {
        SqlParameters.bind(p, nulls);
        rows = SqlEngine.schemaOf(p, allocator);
      }
      return new SqlDescription(true, rows, parameters);
    }
  }

  /** The query without trailing semicolons and blanks. */
  static String bare(String query) {
    String s = query.strip();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s;
  }
}
