package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlCommands;
import java.util.Arrays;

/**
 * Runs a prepared statement ({@code CommandPreparedStatementQuery}): GetFlightInfo executes it,
 * GetSchema describes its result, DoPut binds parameter values to it (the server may answer with a
 * {@link DoPutPreparedStatementResult}). Arrow Java: {@code FlightSqlClient.PreparedStatement}.
 *
 * @param preparedStatementHandle the server's opaque handle of the prepared statement; not null; copied in and out
 */
public record PreparedStatementQuery(byte[] preparedStatementHandle) implements FlightSqlCommand {
  /**
   * Checks and copies the components.
   *
   * @param preparedStatementHandle the server's opaque handle of the prepared statement; not null;
   *     copied in and out
   */
  public PreparedStatementQuery {
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

  @Override
  public byte[] toBytes() {
    return SqlCommands.encode(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PreparedStatementQuery v && Arrays.equals(preparedStatementHandle, v.preparedStatementHandle);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(preparedStatementHandle);
  }

  @Override
  public String toString() {
    return "PreparedStatementQuery[preparedStatementHandle=" + Values.show(preparedStatementHandle) + "]";
  }
}
