package dev.flightwire.sql;

import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInternalError;
import dev.flightwire.SchemaResult;
import dev.flightwire.internal.sql.SqlPutResults;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A statement prepared on the server by {@link FlightSqlClient#prepare}: run it with
 * {@link #execute} (a query) or {@link #executeUpdate} (an update), with parameters bound by
 * {@link #setParameters}. Arrow Java: {@code FlightSqlClient.PreparedStatement}.
 *
 * <h2>Ownership</h2>
 * The caller owns the statement and closes it, which closes it on the server (action
 * {@value FlightSqlActions#CLOSE_PREPARED_STATEMENT}, once). It borrows the
 * {@link dev.flightwire.FlightClient} of the client that prepared it, which must stay open until
 * then. Parameters are borrowed: see {@link #setParameters}.
 *
 * <h2>Handle</h2>
 * When the server answers the upload of parameters with a new handle
 * ({@code DoPutPreparedStatementResult}), every later request uses it, close included.
 *
 * <h2>Threading and errors</h2>
 * Not thread-safe: one thread at a time. Calls throw the {@link dev.flightwire.FlightError} they
 * failed with; every method but {@link #close()}, {@link #isClosed()} and the schema accessors
 * throws {@link IllegalStateException} once the statement is closed.
 */
public final class PreparedStatement implements AutoCloseable {
  private final SqlCalls calls;
  private final FlightCallOptions closeOptions;
  private final Schema resultSetSchema;
  private final Schema parameterSchema;
  private byte[] handle;
  /** Borrowed from the caller until the next execute sends it; null when none is set. */
  private VectorSchemaRoot parameters;
  private boolean closed;

  PreparedStatement(SqlCalls calls, CreatePreparedStatementResult result, FlightCallOptions closeOptions) {
    this.calls = calls;
    this.closeOptions = closeOptions;
    this.handle = result.preparedStatementHandle();
    this.resultSetSchema = schemaOf(result.datasetSchema(), "dataset");
    this.parameterSchema = schemaOf(result.parameterSchema(), "parameter");
  }

  private static Schema schemaOf(byte[] ipc, String which) {
    if (ipc.length == 0) {
      return new Schema(List.of());
    }
    try {
      return SchemaResult.fromBytes(ipc).schema();
    } catch (FlightInternalError e) {
      throw new FlightInternalError("malformed " + which + " schema in the result of the Flight SQL action "
          + FlightSqlActions.CREATE_PREPARED_STATEMENT + ": " + e.getMessage(), e);
    }
  }

  /**
   * The schema of the statement's result, as the server described it when preparing it.
   *
   * @return the schema; without fields when the statement returns no rows
   */
  public Schema resultSetSchema() {
    return resultSetSchema;
  }

  /**
   * The schema of the statement's parameters, as the server described it when preparing it.
   *
   * @return the schema; without fields when the statement takes none
   */
  public Schema parameterSchema() {
    return parameterSchema;
  }

  /**
   * Binds parameters: the next {@link #execute} or {@link #executeUpdate} uploads them (each row
   * one set of values), then forgets them; the server keeps them bound to the statement.
   *
   * @param parameters the values; borrowed: must stay open and unchanged until the next execute
   *     returns, and is never closed by this class
   * @throws IllegalStateException when the statement is closed
   */
  public void setParameters(VectorSchemaRoot parameters) {
    checkOpen();
    this.parameters = java.util.Objects.requireNonNull(parameters, "parameters");
  }

  /** Forgets the parameters set and not yet sent (it does not close them). */
  public void clearParameters() {
    parameters = null;
  }

  /**
   * Runs the query ({@code CommandPreparedStatementQuery}). Parameters set (with at least one row,
   * as in Arrow Java) are first uploaded by a DoPut of the command; if the server answers with a
   * new handle, it replaces the old one.
   *
   * @param options the call options
   * @return where to fetch the result
   * @throws IllegalStateException when the statement is closed
   */
  public FlightInfo execute(FlightCallOptions... options) {
    checkOpen();
    VectorSchemaRoot p = parameters;
    if (p != null && p.getRowCount() > 0) {
      byte[] metadata = calls.put(new PreparedStatementQuery(handle), p.getSchema(),
          put -> put.writer().writeBatch(p), options);
      parameters = null;
      byte[] newHandle = metadata == null || metadata.length == 0 ? null : SqlPutResults.newHandle(metadata);
      if (newHandle != null) {
        handle = newHandle;
      }
    }
    return calls.info(new PreparedStatementQuery(handle), options);
  }

  /**
   * Runs the update ({@code CommandPreparedStatementUpdate}): a DoPut of the command with the
   * parameters set (or one batch of 0 rows and no fields when none are), answered by a
   * {@code DoPutUpdateResult}.
   *
   * @param options the call options
   * @return the number of rows changed, or -1 when the server does not know
   * @throws IllegalStateException when the statement is closed
   */
  public long executeUpdate(FlightCallOptions... options) {
    checkOpen();
    VectorSchemaRoot p = parameters;
    Schema schema = p == null ? new Schema(List.of()) : p.getSchema();
    long count = calls.update(new PreparedStatementUpdate(handle), schema, put -> {
      if (p != null) {
        put.writer().writeBatch(p);
      } else {
        // no parameters: one batch of 0 rows, as Arrow's clients send; servers run the statement
        // once per batch (Arrow's example server answers nothing for an upload without a batch)
        try (VectorSchemaRoot none = new VectorSchemaRoot(List.of(), List.of(), 0)) {
          put.writer().writeBatch(none);
        }
      }
    }, options);
    parameters = null;
    return count;
  }

  /**
   * Asks the server for the schema of the result ({@code GetSchema} of the command); it should
   * equal {@link #resultSetSchema()}.
   *
   * @param options the call options
   * @return the schema
   * @throws IllegalStateException when the statement is closed
   */
  public SchemaResult fetchSchema(FlightCallOptions... options) {
    checkOpen();
    return calls.schema(new PreparedStatementQuery(handle), options);
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return true once closed
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes the statement on the server (action {@value FlightSqlActions#CLOSE_PREPARED_STATEMENT},
   * with the call options given to {@code prepare}) and forgets its parameters. Idempotent: only
   * the first call sends the action; the statement counts as closed even when the action fails.
   *
   * @throws dev.flightwire.FlightError the status the action failed with
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    parameters = null;
    calls.action(FlightSqlActions.CLOSE_PREPARED_STATEMENT, new ClosePreparedStatementRequest(handle).toBytes(), -1,
        closeOptions);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the prepared statement is closed");
    }
  }
}
