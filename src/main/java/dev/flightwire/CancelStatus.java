package dev.flightwire;

/** The answer to CancelFlightInfo (Flight's {@code CancelStatus}). */
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
