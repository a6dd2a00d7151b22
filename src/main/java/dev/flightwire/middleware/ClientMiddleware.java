package dev.flightwire.middleware;

import dev.flightwire.CallHeaders;
import dev.flightwire.FlightError;

/**
 * Per-call client middleware, created by a {@link ClientMiddlewareFactory}. Its methods run on the
 * application's threads (the one making the call or reading its results), never a network thread,
 * each at most once per call and in this order.
 */
public interface ClientMiddleware {
  /** The request headers are about to be sent: add to {@code outgoing}. */
  default void sendingHeaders(CallHeaders outgoing) {}

  /**
   * The response headers arrived (read-only). For a call the server failed before responding
   * (a Trailers-Only response) these are the trailers, which then carry the server's headers.
   */
  default void receivedHeaders(CallHeaders incoming) {}

  /**
   * The call ended: {@code error} is null on success, else what the call throws. Calls abandoned
   * by closing their stream early complete as cancelled.
   */
  default void callCompleted(FlightError error) {}
}
