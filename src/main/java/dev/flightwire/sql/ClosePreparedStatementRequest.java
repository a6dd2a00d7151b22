package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlActionMessages;
import java.util.Arrays;

/**
 * The body of the {@value FlightSqlActions#CLOSE_PREPARED_STATEMENT} action
 * ({@code ActionClosePreparedStatementRequest}): frees the server's prepared statement. Arrow Java:
 * {@code FlightSqlClient.PreparedStatement.close}.
 *
 * @param preparedStatementHandle the handle of the prepared statement to close; not null; copied in and out
 */
public record ClosePreparedStatementRequest(byte[] preparedStatementHandle) {
  /**
   * Checks and copies the components.
   *
   * @param preparedStatementHandle the handle of the prepared statement to close; not null; copied
   *     in and out
   */
  public ClosePreparedStatementRequest {
    preparedStatementHandle = preparedStatementHandle.clone();
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
   * The value as sent: the {@code google.protobuf.Any}-wrapped {@code ActionClosePreparedStatementRequest}.
   *
   * @return new bytes, owned by the caller
   */
  public byte[] toBytes() {
    return SqlActionMessages.encode(this);
  }

  /**
   * Reads one from the bytes of {@link #toBytes}.
   *
   * @param bytes the Any-wrapped {@code ActionClosePreparedStatementRequest}; not null
   * @return the value
   * @throws dev.flightwire.FlightInvalidArgumentError when the bytes are not that message (the
   *     message names the type URL received) or are malformed
   */
  public static ClosePreparedStatementRequest parse(byte[] bytes) {
    return SqlActionMessages.parseClosePreparedStatementRequest(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClosePreparedStatementRequest v
        && Arrays.equals(preparedStatementHandle, v.preparedStatementHandle);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(preparedStatementHandle);
  }

  @Override
  public String toString() {
    return "ClosePreparedStatementRequest[preparedStatementHandle=" + Values.show(preparedStatementHandle) + "]";
  }
}
