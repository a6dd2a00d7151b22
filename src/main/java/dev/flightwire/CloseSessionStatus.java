package dev.flightwire;

/** The answer to CloseSession (Flight's {@code CloseSessionResult.Status}). */
public enum CloseSessionStatus {
  UNSPECIFIED,
  /** The session is closed. */
  CLOSED,
  /** Closing is under way. */
  CLOSING,
  /** The session cannot be closed. */
  NOT_CLOSEABLE
}
