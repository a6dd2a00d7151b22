package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlPutResults;
import java.util.Arrays;

/**
 * What the server may answer (in a PutResult's app_metadata) to a DoPut that binds parameters to a
 * {@link PreparedStatementQuery} ({@code DoPutPreparedStatementResult}). Older servers send
 * nothing; clients then keep their handle.
 *
 * @param preparedStatementHandle the statement's new handle, which replaces the old one in every
 *     later request, or null to keep the old one (unset on the wire); copied in and out
 */
public record DoPutPreparedStatementResult(byte[] preparedStatementHandle) {
  /**
   * Checks and copies the components.
   *
   * @param preparedStatementHandle the statement's new handle, which replaces the old one in every
   *     later request, or null to keep the old one (unset on the wire); copied in and out
   */
  public DoPutPreparedStatementResult {
    preparedStatementHandle = Values.copy(preparedStatementHandle);
  }

  /**
   * The statement's new handle.
   *
   * @return a copy of the bytes, or null when the server kept the old handle
   */
  @Override
  public byte[] preparedStatementHandle() {
    return Values.copy(preparedStatementHandle);
  }

  /**
   * The result as a PutResult's app_metadata carries it: the bare protobuf message, not wrapped
   * in a {@code google.protobuf.Any} (unlike commands and action bodies; Arrow's clients parse
   * the metadata as the message itself).
   *
   * @return new bytes, owned by the caller
   */
  public byte[] toBytes() {
    return SqlPutResults.encode(this);
  }

  /**
   * Reads a result.
   *
   * @param bytes a PutResult's app_metadata: the bare {@code DoPutPreparedStatementResult} message; not null
   * @return the result
   * @throws dev.flightwire.FlightInvalidArgumentError when the bytes are malformed
   */
  public static DoPutPreparedStatementResult parse(byte[] bytes) {
    return SqlPutResults.parsePreparedStatementResult(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DoPutPreparedStatementResult r
        && Arrays.equals(preparedStatementHandle, r.preparedStatementHandle);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(preparedStatementHandle);
  }

  @Override
  public String toString() {
    return "DoPutPreparedStatementResult[preparedStatementHandle=" + Values.show(preparedStatementHandle) + "]";
  }
}
