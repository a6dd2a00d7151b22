package dev.flightwire;

/**
 * The answer to CancelFlightInfo (Flight's {@code CancelStatus}), returned by
 * {@link FlightClient#cancelFlightInfo} and by {@link FlightServerBase#cancelFlightInfo}. The
 * order of the constants is the protobuf enum's: the ordinal is the value on the wire. A client
 * reads a value it does not know as {@link #UNSPECIFIED}; a server that returns null sends
 * {@link #UNSPECIFIED}.
 */
public enum CancelStatus {
  /** The server did not say (treat as an error). */
  UNSPECIFIED,
  /** The query is cancelled; its endpoints can no longer be read. */
  CANCELLED,
  /** Cancellation is under way; poll or retry to learn the outcome. */
  CANCELLING,
  /** The query cannot be cancelled. */
  NOT_CANCELLABLE
}
