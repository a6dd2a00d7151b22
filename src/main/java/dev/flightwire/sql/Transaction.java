package dev.flightwire.sql;

import java.util.Arrays;

/**
 * An open transaction, from {@link FlightSqlClient#beginTransaction}: pass it to the client's
 * methods to run them inside it, and end it with {@link FlightSqlClient#commit} or
 * {@link FlightSqlClient#rollback(Transaction, dev.flightwire.FlightCallOptions...)}.
 *
 * @param transactionId the server's opaque id; not null, not empty; copied in and out
 */
public record Transaction(byte[] transactionId) {
  /**
   * Checks and copies the id.
   *
   * @param transactionId the server's opaque id; not null, not empty; copied in and out
   * @throws IllegalArgumentException when the id is empty
   */
  public Transaction {
    if (transactionId.length == 0) {
      throw new IllegalArgumentException("a transaction id is never empty");
    }
    transactionId = transactionId.clone();
  }

  /**
   * The server's id of the transaction.
   *
   * @return a copy of the bytes
   */
  @Override
  public byte[] transactionId() {
    return transactionId.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Transaction t && Arrays.equals(transactionId, t.transactionId);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(transactionId);
  }

  @Override
  public String toString() {
    return "Transaction[transactionId=" + Values.show(transactionId) + "]";
  }
}
