package dev.flightwire.sql;

/**
 * How an {@link EndSavepointRequest} ends its savepoint
 * ({@code ActionEndSavepointRequest.EndSavepoint}). The ordinal is the protobuf value; a value
 * this library does not know is read as {@link #UNSPECIFIED}.
 */
public enum EndSavepoint {
  /** Not set; servers refuse it. */
  UNSPECIFIED,
  /** Release the savepoint. */
  RELEASE,
  /** Roll back to the savepoint. */
  ROLLBACK
}
