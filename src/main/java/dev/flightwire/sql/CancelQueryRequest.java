package dev.flightwire.sql;

import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.internal.sql.SqlActionMessages;
import java.util.Arrays;

/**
 * The body of the deprecated {@value FlightSqlActions#CANCEL_QUERY} action
 * ({@code ActionCancelQueryRequest}); Flight's CancelFlightInfo replaces it.
 *
 * @param info the serialized {@code FlightInfo} of the query to cancel; not null; copied in and out
 */
public record CancelQueryRequest(byte[] info) {
  /**
   * Checks and copies the components.
   *
   * @param info the serialized {@code FlightInfo} of the query to cancel; not null; copied in and
   *     out
   */
  public CancelQueryRequest {
    info = info.clone();
  }

  /**
   * The serialized FlightInfo.
   *
   * @return a copy of the bytes
   */
  @Override
  public byte[] info() {
    return info.clone();
  }

  /**
   * The query's FlightInfo, decoded (what a server needs to find the query: its endpoints'
   * tickets).
   *
   * @return the FlightInfo
   * @throws FlightInvalidArgumentError when the bytes are not a well-formed {@code FlightInfo}
   */
  public FlightInfo flightInfo() {
    return SqlActionMessages.flightInfoOf(this);
  }

  /**
   * The value as sent: the {@code google.protobuf.Any}-wrapped {@code ActionCancelQueryRequest}.
   *
   * @return new bytes, owned by the caller
   */
  public byte[] toBytes() {
    return SqlActionMessages.encode(this);
  }

  /**
   * Reads one from the bytes of {@link #toBytes}.
   *
   * @param bytes the Any-wrapped {@code ActionCancelQueryRequest}; not null
   * @return the value
   * @throws dev.flightwire.FlightInvalidArgumentError when the bytes are not that message (the
   *     message names the type URL received) or are malformed
   */
  public static CancelQueryRequest parse(byte[] bytes) {
    return SqlActionMessages.parseCancelQueryRequest(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CancelQueryRequest v && Arrays.equals(info, v.info);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(info);
  }

  @Override
  public String toString() {
    return "CancelQueryRequest[info=" + Values.show(info) + "]";
  }
}
