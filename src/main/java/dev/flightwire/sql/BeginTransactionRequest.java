package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlActionMessages;

/**
 * The body of the {@value FlightSqlActions#BEGIN_TRANSACTION} action
 * ({@code ActionBeginTransactionRequest}, which has no fields); the server answers with a
 * {@link BeginTransactionResult}. Arrow Java: {@code FlightSqlClient.beginTransaction}.
 */
public record BeginTransactionRequest() {
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
   * @param bytes the Any-wrapped {@code ActionBeginTransactionRequest}; not null
   * @return the request
   * @throws dev.flightwire.FlightInvalidArgumentError when the bytes are not that message (the
   *     message names the type URL received) or are malformed
   */
  public static BeginTransactionRequest parse(byte[] bytes) {
    return SqlActionMessages.parseBeginTransactionRequest(bytes);
  }
}
