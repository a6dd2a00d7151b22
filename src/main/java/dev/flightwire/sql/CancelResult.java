package dev.flightwire.sql;

/**
 * The outcome of the deprecated {@value FlightSqlActions#CANCEL_QUERY} action
 * ({@code ActionCancelQueryResult.CancelResult}). The ordinal is the protobuf value; a value this
 * library does not know is read as {@link #UNSPECIFIED}. Arrow Java: {@code CancelResult}.
 */
public enum CancelResult {
  /** Unknown; the client may retry (servers answer NOT_FOUND for an unknown query instead). */
  UNSPECIFIED,
  /** The query is cancelled. */
  CANCELLED,
  /** Cancellation is under way; the client may retry to learn the outcome. */
  CANCELLING,
  /** The query cannot be cancelled; do not retry. */
  NOT_CANCELLABLE
}
