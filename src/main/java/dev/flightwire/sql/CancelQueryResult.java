package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlActionMessages;
import java.util.Objects;

/**
 * The result of the deprecated {@value FlightSqlActions#CANCEL_QUERY} action
 * ({@code ActionCancelQueryResult}).
 *
 * @param result the outcome; not null
 */
public record CancelQueryResult(CancelResult result) {
  /**
   * Checks and copies the components.
   *
   * @param result the outcome; not null
   */
  public CancelQueryResult {
    Objects.requireNonNull(result, "result");
  }

  /**
   * The result as sent: the {@code google.protobuf.Any}-wrapped protobuf message.
   *
   * @return new bytes, owned by the caller
   */
  public byte[] toBytes() {
    return SqlActionMessages.encode(this);
  }

  /**
   * Reads an action result.
   *
   * @param bytes the Any-wrapped {@code ActionCancelQueryResult}; not null
   * @return the result
   * @throws dev.flightwire.FlightInvalidArgumentError when the bytes are not that message (the
   *     message names the type URL received) or are malformed
   */
  public static CancelQueryResult parse(byte[] bytes) {
    return SqlActionMessages.parseCancelQueryResult(bytes);
  }
}
