package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlActionMessages;
import java.util.Arrays;

/**
 * The result of the {@value FlightSqlActions#CREATE_PREPARED_STATEMENT} and
 * {@value FlightSqlActions#CREATE_PREPARED_SUBSTRAIT_PLAN} actions
 * ({@code ActionCreatePreparedStatementResult}): the prepared statement, to run with
 * {@link PreparedStatementQuery} or {@link PreparedStatementUpdate} and to close with
 * {@link ClosePreparedStatementRequest} (or left to the server's timeout).
 *
 * @param preparedStatementHandle the server's opaque handle; not null; copied in and out
 * @param datasetSchema the IPC-serialized Arrow schema of the statement's result, empty when it
 *     returns no rows; not null; copied in and out
 * @param parameterSchema the IPC-serialized Arrow schema of the statement's parameters, empty when
 *     it takes none; not null; copied in and out
 */
public record CreatePreparedStatementResult(byte[] preparedStatementHandle, byte[] datasetSchema,
    byte[] parameterSchema) {
  /**
   * Checks and copies the components.
   *
   * @param preparedStatementHandle the server's opaque handle; not null; copied in and out
   * @param datasetSchema the IPC-serialized Arrow schema of the statement's result, empty when it
   *     returns no rows; not null; copied in and out
   * @param parameterSchema the IPC-serialized Arrow schema of the statement's parameters, empty
   *     when it takes none; not null; copied in and out
   */
  public CreatePreparedStatementResult {
    preparedStatementHandle = preparedStatementHandle.clone();
    datasetSchema = datasetSchema.clone();
    parameterSchema = parameterSchema.clone();
  }

  /**
   * The prepared statement's handle.
   *
   * @return a copy of the bytes
   */
  @Override
  public byte[] preparedStatementHandle() {
    return preparedStatementHandle.clone();
  }

  /**
   * The result's schema as an IPC message.
   *
   * @return a copy of the bytes, empty when the statement returns no rows
   */
  @Override
  public byte[] datasetSchema() {
    return datasetSchema.clone();
  }

  /**
   * The parameters' schema as an IPC message.
   *
   * @return a copy of the bytes, empty when the statement takes no parameters
   */
  @Override
  public byte[] parameterSchema() {
    return parameterSchema.clone();
  }

  /**
   * The result as sent: the {@code google.protobuf.Any}-wrapped protobuf message.
   *
   * @return new bytes, owned by the caller
   */
  public byte[] toBytes() {
    return SqlActionMessages.encode(this);
  }

  /**
   * Reads an action result.
   *
   * @param bytes the Any-wrapped {@code ActionCreatePreparedStatementResult}; not null
   * @return the result
   * @throws dev.flightwire.FlightInvalidArgumentError when the bytes are not that message (the
   *     message names the type URL received) or are malformed
   */
  public static CreatePreparedStatementResult parse(byte[] bytes) {
    return SqlActionMessages.parseCreatePreparedStatementResult(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CreatePreparedStatementResult r
        && Arrays.equals(preparedStatementHandle, r.preparedStatementHandle)
        && Arrays.equals(datasetSchema, r.datasetSchema) && Arrays.equals(parameterSchema, r.parameterSchema);
  }

  @Override
  public int hashCode() {
    return (31 * Arrays.hashCode(preparedStatementHandle) + Arrays.hashCode(datasetSchema)) * 31
        + Arrays.hashCode(parameterSchema);
  }

  @Override
  public String toString() {
    return "CreatePreparedStatementResult[preparedStatementHandle=" + Values.show(preparedStatementHandle)
        + ", datasetSchema=" + Values.show(datasetSchema) + ", parameterSchema=" + Values.show(parameterSchema) + "]";
  }
}
