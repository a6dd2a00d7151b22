package dev.flightwire.middleware;

import dev.flightwire.CallHeaders;
import dev.flightwire.FlightError;

/**
 * Per-call client middleware, created by a {@link ClientMiddlewareFactory}: sees and adds to the
 * request headers, sees the response headers and the call's outcome. Its methods run on the
 * application's threads (the one making the call, or the one reading its results), never a
 * network thread, each at most once per call and in the order declared here. Every method has an
 * empty default.
 */
public interface ClientMiddleware {
  /**
   * The request headers are about to be sent: add to {@code outgoing}. Runs on the thread making
   * the call, before anything is sent; throwing makes the call method throw and nothing is sent.
   *
   * @param outgoing the request headers so far (the call options' headers and any authentication
   *     token), mutable until this returns; reserved keys added here are not sent
   */
  default void sendingHeaders(CallHeaders outgoing) {}

  /**
   * The response headers arrived. For a call the server failed before responding (a Trailers-Only
   * response) these are the trailers, which then carry the server's headers. Runs on the thread
   * reading the call's results, when it first reads a response or the call's end; not at all
   * when the call failed before any response came (for example it could not be sent).
   *
   * @param incoming the response headers, read-only
   */
  default void receivedHeaders(CallHeaders incoming) {}

  /**
   * The call ended. Runs on the thread that reads the call's end (its last result, its status) or
   * closes its stream, or on the calling thread when the call cannot start; a call whose stream is
   * closed early completes as cancelled. A call whose results are never read to the end nor
   * closed does not complete.
   *
   * @param error null on success, else the error the call throws (or would throw) to the
   *     application
   */
  default void callCompleted(FlightError error) {}
}
