package dev.flightwire.middleware;

import dev.flightwire.CallHeaders;
import dev.flightwire.FlightError;

/**
 * Per-call server middleware, created by a {@link ServerMiddlewareFactory} when a call starts.
 * Every method runs on a server executor thread (never a network thread), at most once per call.
 */
public interface ServerMiddleware {
  /**
   * The response headers are about to be sent: add to {@code outgoing}. On a call that fails before
   * any response, they travel in the single Trailers-Only block instead.
   */
  default void sendingHeaders(CallHeaders outgoing) {}

  /** The call ended: {@code error} is null on success, else the status the client receives. */
  default void callCompleted(FlightError error) {}
}
