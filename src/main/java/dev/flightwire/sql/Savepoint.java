package dev.flightwire.sql;

import java.util.Arrays;

/**
 * A savepoint in a transaction, from {@link FlightSqlClient#beginSavepoint}: end it with
 * {@link FlightSqlClient#release} or
 * {@link FlightSqlClient#rollback(Savepoint, dev.flightwire.FlightCallOptions...)}.
 *
 * @param savepointId the server's opaque id; not null, not empty; copied in and out
 */
public record Savepoint(byte[] savepointId) {
  /**
   * Checks and copies the id.
   *
   * @param savepointId the server's opaque id; not null, not empty; copied in and out
   * @throws IllegalArgumentException when the id is empty
   */
  public Savepoint {
    if (savepointId.length == 0) {
      throw new IllegalArgumentException("a savepoint id is never empty");
    }
    savepointId = savepointId.clone();
  }

  /**
   * The server's id of the savepoint.
   *
   * @return a copy of the bytes
   */
  @Override
  public byte[] savepointId() {
    return savepointId.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Savepoint s && Arrays.equals(savepointId, s.savepointId);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(savepointId);
  }

  @Override
  public String toString() {
    return "Savepoint[savepointId=" + Values.show(savepointId) + "]";
  }
}
