package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlActionMessages;
import java.util.Arrays;
import java.util.Objects;

/**
 * The body of the {@value FlightSqlActions#BEGIN_SAVEPOINT} action
 * ({@code ActionBeginSavepointRequest}); the server answers with a {@link BeginSavepointResult}.
 * Arrow Java: {@code FlightSqlClient.beginSavepoint}.
 *
 * @param transactionId the transaction the savepoint belongs to; not null; copied in and out
 * @param name the savepoint's name; not null
 */
public record BeginSavepointRequest(byte[] transactionId, String name) {
  /**
   * Checks and copies the components.
   *
   * @param transactionId the transaction the savepoint belongs to; not null; copied in and out
   * @param name the savepoint's name; not null
   */
  public BeginSavepointRequest {
    transactionId = transactionId.clone();
    Objects.requireNonNull(name, "name");
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
   * @param bytes the Any-wrapped {@code ActionBeginSavepointRequest}; not null
   * @return the request
   * @throws dev.flightwire.FlightInvalidArgumentError when the bytes are not that message (the
   *     message names the type URL received) or are malformed
   */
  public static BeginSavepointRequest parse(byte[] bytes) {
    return SqlActionMessages.parseBeginSavepointRequest(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BeginSavepointRequest r && Arrays.equals(transactionId, r.transactionId)
        && name.equals(r.name);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(transactionId) + name.hashCode();
  }

  @Override
  public String toString() {
    return "BeginSavepointRequest[transactionId=" + Values.show(transactionId) + ", name=" + name + "]";
  }
}
