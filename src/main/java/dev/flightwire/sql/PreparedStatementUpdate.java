package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlCommands;
import java.util.Arrays;

/**
 * Runs a prepared statement as an update with DoPut ({@code CommandPreparedStatementUpdate}); the
 * server answers with a {@link DoPutUpdateResult}. Arrow Java:
 * {@code FlightSqlClient.PreparedStatement.executeUpdate}.
 *
 * @param preparedStatementHandle the server's opaque handle of the prepared statement; not null; copied in and out
 */
public record PreparedStatementUpdate(byte[] preparedStatementHandle) implements FlightSqlCommand {
  /**
   * Checks and copies the components.
   *
   * @param preparedStatementHandle the server's opaque handle of the prepared statement; not null;
   *     copied in and out
   */
  public PreparedStatementUpdate {
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
    return o instanceof PreparedStatementUpdate v && Arrays.equals(preparedStatementHandle, v.preparedStatementHandle);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(preparedStatementHandle);
  }

  @Override
  public String toString() {
    return "PreparedStatementUpdate[preparedStatementHandle=" + Values.show(preparedStatementHandle) + "]";
  }
}
