package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlActionMessages;
import java.util.Arrays;

/**
 * The result of the {@value FlightSqlActions#BEGIN_TRANSACTION} action
 * ({@code ActionBeginTransactionResult}): the new transaction, to end with an
 * {@link EndTransactionRequest} (the server rolls it back when it times out).
 *
 * @param transactionId the server's opaque handle of the transaction; not null; copied in and out
 */
public record BeginTransactionResult(byte[] transactionId) {
  /**
   * Checks and copies the components.
   *
   * @param transactionId the server's opaque handle of the transaction; not null; copied in and out
   */
  public BeginTransactionResult {
    transactionId = transactionId.clone();
  }

  /**
   * The transaction's handle.
   *
   * @return a copy of the bytes
   */
  @Override
  public byte[] transactionId() {
    return transactionId.clone();
  }

  /**
   * The value as sent: the {@code google.protobuf.Any}-wrapped {@code ActionBeginTransactionResult}.
   *
   * @return new bytes, owned by the caller
   */
  public byte[] toBytes() {
    return SqlActionMessages.encode(this);
  }

  /**
   * Reads one from the bytes of {@link #toBytes}.
   *
   * @param bytes the Any-wrapped {@code ActionBeginTransactionResult}; not null
   * @return the value
   * @throws dev.flightwire.FlightInvalidArgumentError when the bytes are not that message (the
   *     message names the type URL received) or are malformed
   */
  public static BeginTransactionResult parse(byte[] bytes) {
    return SqlActionMessages.parseBeginTransactionResult(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BeginTransactionResult v && Arrays.equals(transactionId, v.transactionId);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(transactionId);
  }

  @Override
  public String toString() {
    return "BeginTransactionResult[transactionId=" + Values.show(transactionId) + "]";
  }
}
