package dev.flightwire;

/**
 * The answer to CloseSession (Flight's {@code CloseSessionResult.Status}), returned by
 * {@link FlightClient#closeSession} and by {@link FlightServerBase#closeSession}. The order of the
 * constants is the protobuf enum's: the ordinal is the value on the wire. A client reads a value
 * it does not know as {@link #UNSPECIFIED}; a server that returns null sends {@link #UNSPECIFIED}.
 */
public enum CloseSessionStatus {
  /** The server did not say (protobuf default; treat as an error). */
  UNSPECIFIED,
  /** The session is closed. */
  CLOSED,
  /** Closing is under way. */
  CLOSING,
  /** The session cannot be closed. */
  NOT_CLOSEABLE
}
