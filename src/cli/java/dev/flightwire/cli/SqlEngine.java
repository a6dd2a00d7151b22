package dev.flightwire.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * The SQL engine of {@code serve --sql}: one in-memory DuckDB database. DuckDB reads and writes
 * Arrow through Arrow's C data interface, so tables go in and results come out as Arrow batches
 * without a row-by-row copy.
 *
 * <h3>Threading</h3>
 * A DuckDB connection is not thread-safe, and a connection streaming a result runs nothing else
 * until the result is closed. So every Flight call takes a connection of its own
 * ({@link #connect()}: a cheap duplicate of the first one, on the same database) and closes it
 * when it ends; a query's connection lives as long as its DoGet stream. The database itself is
 * thread-safe (DuckDB's own locking and transactions).
 *
 * <h3>Memory</h3>
 * Results are imported into the allocator the caller gives, which accounts for every Arrow buffer;
 * table data lives in DuckDB's own memory (not Arrow's), for the server's lifetime.
 */
final class SqlEngine implements AutoCloseable {
  /** Rows per Arrow batch of a result. */
  static final int BATCH_ROWS = 65_536;

  private final DuckDBConnection first;

  /** Opens a new in-memory database. */
  SqlEngine() throws SQLException {
    Properties properties = new Properties();
    // results stream from the engine as the client reads them, rather than being computed whole
    properties.setProperty("jdbc_stream_results", "true");
    first = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", properties);
  }

  /** A new connection to the database; returns an owned connection (the caller closes it). */
  DuckDBConnection connect() throws SQLException {
    return first.duplicate();
  }

  /** DuckDB's version, e.g. "v1.4.4". */
  String version() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SELECT version()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * The schema of the rows {@code statement} returns, as DuckDB exports them, by running it
   * once: the caller passes a statement that returns no rows (a query wrapped in LIMIT 0) or one
   * whose running is harmless.
   *
   * @param statement a prepared statement with its parameters bound; borrowed
   * @param allocator where the (empty) schema import is accounted; borrowed
   */
  static Schema schemaOf(PreparedStatement statement, BufferAllocator allocator) throws SQLException {
    try (DuckDBResultSet rs = (DuckDBResultSet) statement.executeQuery();
        ArrowReader reader = (ArrowReader) rs.arrowExportStream(allocator, 1)) {
      Schema schema = reader.getVectorSchemaRoot().getSchema();
      // as SqlQueryStream sends it: dictionary-encoded (ENUM) columns decoded
      return DecodedBatches.hasDictionaries(schema) ? DecodedBatches.plainSchema(schema, reader) : schema;
    } catch (java.io.IOException e) {
      throw new SQLException("cannot read the result's schema: " + Failures.message(e), e);
    }
  }

  /**
   * Runs {@code sql} (a CREATE TABLE ... AS or INSERT ... SELECT reading the view {@code name})
   * with {@code rows} registered as that view for the statement's run. Takes ownership of
   * {@code rows} (closed before return; a registered stream is consumed once).
   *
   * @param connection the call's connection; borrowed
   * @param allocator where the exported stream's structures live; borrowed
   * @return the statement's update count
   */
  static long runWithStream(DuckDBConnection connection, BufferAllocator allocator, String name, ArrowReader rows,
      String sql) throws SQLException {
    try (ArrowReader owned = rows; ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
      Data.exportArrayStream(allocator, owned, stream);
      connection.registerArrowStream(name, stream);
      try (Statement s = connection.createStatement()) {
        s.execute(sql);
        return Math.max(0, s.getUpdateCount());
      }
    } catch (java.io.IOException e) {
      throw new SQLException("cannot read the rows: " + Failures.message(e), e);
    }
  }

  /** A quoted SQL identifier. */
  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** A SQL string literal. */
  static String literal(String s) {
    return '\'' + s.replace("'", "''") + '\'';
  }

  @Override
  public void close() throws SQLException {
    first.close();
  }
}
