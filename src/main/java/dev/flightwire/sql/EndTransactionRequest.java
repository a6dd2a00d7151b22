package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlActionMessages;
import java.util.Arrays;
import java.util.Objects;

/**
 * The body of the {@value FlightSqlActions#END_TRANSACTION} action
 * ({@code ActionEndTransactionRequest}): commits or rolls back a transaction, which invalidates it
 * and its savepoints. Arrow Java: {@code FlightSqlClient.commit} and {@code rollback}.
 *
 * @param transactionId the transaction's handle; not null; copied in and out
 * @param action whether to commit or roll back; not null
 */
public record EndTransactionRequest(byte[] transactionId, EndTransaction action) {
  /**
   * Checks and copies the components.
   *
   * @param transactionId the transaction's handle; not null; copied in and out
   * @param action whether to commit or roll back; not null
   */
  public EndTransactionRequest {
    transactionId = transactionId.clone();
    Objects.requireNonNull(action, "action");
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
   * The action body as sent: the {@code google.protobuf.Any}-wrapped protobuf message.
   *
   * @return new bytes, owned by the caller
   */
  public byte[] toBytes() {
    return SqlActionMessages.encode(this);
  }

  /**
   * Reads an action body.
   *
   * @param bytes the Any-wrapped {@code ActionEndTransactionRequest}; not null
   * @return the request
   * @throws dev.flightwire.FlightInvalidArgumentError when the bytes are not that message (the
   *     message names the type URL received) or are malformed
   */
  public static EndTransactionRequest parse(byte[] bytes) {
    return SqlActionMessages.parseEndTransactionRequest(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EndTransactionRequest r && Arrays.equals(transactionId, r.transactionId) && action == r.action;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(transactionId) + action.hashCode();
  }

  @Override
  public String toString() {
    return "EndTransactionRequest[transactionId=" + Values.show(transactionId) + ", action=" + action + "]";
  }
}
