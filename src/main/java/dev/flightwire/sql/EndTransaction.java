package dev.flightwire.sql;

/**
 * How an {@link EndTransactionRequest} ends its transaction
 * ({@code ActionEndTransactionRequest.EndTransaction}). The ordinal is the protobuf value; a value
 * this library does not know is read as {@link #UNSPECIFIED}.
 */
public enum EndTransaction {
  /** Not set; servers refuse it. */
  UNSPECIFIED,
  /** Commit the transaction. */
  COMMIT,
  /** Roll the transaction back. */
  ROLLBACK
}
