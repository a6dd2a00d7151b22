package dev.flightwire.middleware;

import dev.flightwire.CallHeaders;
import dev.flightwire.FlightError;

/**
 * Per-call server middleware, created by a {@link ServerMiddlewareFactory} when a call starts:
 * adds response headers and sees the call's outcome; handlers find it with
 * {@link dev.flightwire.ServerCallContext#middleware(String)} to share per-call state. Its methods
 * run on server threads (the call's executor thread, or whichever thread the handler writes its
 * response from), never a network thread, each at most once per call. Every method has an empty
 * default.
 */
public interface ServerMiddleware {
  /**
   * The response headers are about to be sent: add to {@code outgoing}. Runs on the thread that
   * sends the first response message, or on the call's thread when it ends without one; on a
   * call that fails before any response, the headers travel in the single Trailers-Only block. Not
   * called when the server itself ends the call from a network thread (an expired deadline,
   * malformed input).
   *
   * @param outgoing headers to add to the response, empty at first; mutable until this returns
   */
  default void sendingHeaders(CallHeaders outgoing) {}

  /**
   * The call ended and its status is on its way to the client. Runs on the call's thread after
   * the handler returned or threw; an exception thrown here is ignored.
   *
   * @param error null on success, else the status the client receives, as a {@link FlightError}
   *     (for example {@link dev.flightwire.FlightCancelledError} when the client cancelled)
   */
  default void callCompleted(FlightError error) {}
}
