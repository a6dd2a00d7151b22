package dev.flightwire.cli;

import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightStreamChunk;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBResultSet;

/**
 * A query's result as the answer to DoGet, streamed from the engine batch by batch
 * ({@link SqlEngine#BATCH_ROWS} rows at most): the engine computes the next batch when the server
 * asks for it, so a result of any size takes the memory of about one batch. With several rows of
 * parameters the query runs once per row and the results follow one another.
 *
 * <p>Takes ownership of its connection and its allocator (a child allocator, closed last, so a
 * leak fails the call). Each batch is lent: the server sends it before asking for the next
 * ({@link #immutableData()} false). Called on the call's thread, one method at a time.
 */
final class SqlQueryStream implements FlightDataStream {
  private final DuckDBConnection connection;
  private final BufferAllocator allocator;
  private final String query;
  private final List<Object[]> runs;
  private final SqlCancel cancel;
  private int nextRun;
  private PreparedStatement statement;
  private DuckDBResultSet results;
  private ArrowReader reader;
  private Schema schema;
  /** The run's batches with the engine's dictionary-encoded (ENUM) columns decoded, or null. */
  private DecodedBatches decoded;

  private SqlQueryStream(DuckDBConnection connection, BufferAllocator allocator, String query, List<Object[]> runs,
      SqlCancel cancel) {
    this.cancel = cancel;
    this.connection = connection;
    this.allocator = allocator;
    this.query = query;
    this.runs = runs;
  }

  /**
   * Starts {@code query}'s first run (so that its errors fail the call before any data).
   *
   * @param connection the call's connection; taken over (closed with the stream, or on failure)
   * @param allocator the stream's own allocator; taken over likewise
   * @param runs the parameter values of each run (an empty array for a query without parameters);
   *     not empty
   * @param cancel the call's cancel: the running statement is interrupted with the call, and no
   *     batch or run starts after it
   */
  static SqlQueryStream open(DuckDBConnection connection, BufferAllocator allocator, String query,
      List<Object[]> runs, SqlCancel cancel) throws SQLException {
    SqlQueryStream stream = new SqlQueryStream(connection, allocator, query, runs, cancel);
    boolean done = false;
    try {
      stream.startRun();
      stream.schema = stream.decoded == null ? stream.reader.getVectorSchemaRoot().getSchema()
          : stream.decoded.schema();
      done = true;
      return stream;
    } catch (java.io.IOException e) {
      throw new SQLException(Failures.message(e), e);
    } finally {
      if (!done) {
        stream.closeQuietly();
      }
    }
  }

  private void startRun() throws SQLException {
    Object[] parameters = runs.get(nextRun++);
    statement = connection.prepareStatement(query);
    SqlParameters.bind(statement, parameters);
    cancel.start(statement);
    results = (DuckDBResultSet) statement.executeQuery();
    reader = (ArrowReader) results.arrowExportStream(allocator, SqlEngine.BATCH_ROWS);
    try {
      Schema exported = reader.getVectorSchemaRoot().getSchema();
      if (DecodedBatches.hasDictionaries(exported)) {
        // the engine exports ENUM columns dictionary-encoded, which JDBC clients cannot read
        ArrowReader r = reader;
        decoded = new DecodedBatches(exported, r, () -> r.loadNextBatch() ? r.getVectorSchemaRoot() : null);
      }
    } catch (java.io.IOException e) {
      throw SqlQueryStream.engineError(e);
    }
  }

  private void endRun() throws Exception {
    // the decoded vectors first, then the reader, the result set and the statement (that one
    // under the cancel's lock)
    PreparedStatement closing = statement;
    try (AutoCloseable s = () -> cancel.close(closing); AutoCloseable r = results; AutoCloseable a = reader;
        AutoCloseable d = decoded) {
      decoded = null;
      reader = null;
      results = null;
      statement = null;
    }
  }

  @Override
  public Schema schema() {
    return schema;
  }


  @Override
  public FlightStreamChunk next() throws Exception {
    try {
      while (true) {
        cancel.check();
        VectorSchemaRoot batch = decoded != null ? decoded.next()
            : reader.loadNextBatch() ? reader.getVectorSchemaRoot() : null;
        if (batch != null) {
          return FlightStreamChunk.of(batch);
        }
        endRun();
        if (nextRun >= runs.size()) {
          return null;
        }
        startRun();
      }
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    } catch (java.io.IOException e) {
      // an error of the engine while computing a batch: the C stream's message is a generic one,
      // the result set's own fetch reports the engine's
      throw SqlErrors.of(engineError(e));
    }
  }

  /**
   * The engine's error behind a failed batch. Arrow's C stream reports it as
   * "[errno -1] CDataJniException{errno=-1, message=ENGINE MESSAGE}": the engine's message is kept.
   */
  static SQLException engineError(java.io.IOException streamError) {
    String m = streamError.getMessage() == null ? streamError.toString() : streamError.getMessage();
    int at = m.indexOf("message=");
    if (at >= 0) {
      m = m.substring(at + "message=".length());
      if (m.endsWith("}")) {
        m = m.substring(0, m.length() - 1);
      }
    }
    return new SQLException(m, streamError);
  }

  private void closeQuietly() {
    try {
      close();
    } catch (Exception ignored) {
      // the failure being reported is the first one
    }
  }

  @Override
  public void close() throws Exception {
    try (AutoCloseable a = allocator; AutoCloseable c = connection) {
      if (reader != null || results != null || statement != null) {
        endRun();
      }
    }
  }
}
