package dev.flightwire;

import java.time.Instant;

/**
 * The answer of PollFlightInfo: the state of a long-running query. A server returns one from
 * {@link FlightServerBase#pollFlightInfo}; a client gets one from
 * {@link FlightClient#pollFlightInfo} and polls again with {@link #descriptor()} until
 * {@link #isComplete()} (or lets {@link FlightClient#pollFlightInfoUntilComplete} do it).
 *
 * @param info the results available so far, as a whole FlightInfo (not the change since the last
 *     answer); all results once the query is complete; null if there are none yet
 * @param descriptor the descriptor to poll with next; null when the query is complete
 * @param progress the fraction done, in [0, 1], or null if unknown
 * @param expirationTime when the server may stop accepting {@code descriptor} (and cancel the
 *     query), or null; a later poll may move it
 */
public record PollInfo(FlightInfo info, FlightDescriptor descriptor, Double progress, Instant expirationTime) {
  /**
   * Whether the query is complete: there is no descriptor to poll with.
   *
   * @return true when {@link #descriptor()} is null
   */
  public boolean isComplete() {
    return descriptor == null;
  }
}
