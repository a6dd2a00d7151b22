package dev.flightwire;

import java.time.Instant;

/**
 * The answer of PollFlightInfo.
 *
 * @param info what is known so far (may be incomplete)
 * @param descriptor poll again with this descriptor; null when the query is complete
 * @param progress in [0, 1], or null if unknown
 * @param expirationTime when the query expires, or null
 */
public record PollInfo(FlightInfo info, FlightDescriptor descriptor, Double progress, Instant expirationTime) {
  /** Whether the query is complete (no descriptor to poll with). */
  public boolean isComplete() {
    return descriptor == null;
  }
}
