package dev.flightwire.middleware;

import dev.flightwire.CallHeaders;

/**
 * Creates a {@link ServerMiddleware} for every call of a server
 * ({@link dev.flightwire.FlightServer.Builder#middleware}). Called on a server executor thread
 * before the handler, after authentication; must be thread-safe.
 *
 * @param <T> the middleware type, as handlers find it with
 *     {@link dev.flightwire.ServerCallContext#middleware(String)}
 */
@FunctionalInterface
public interface ServerMiddlewareFactory<T extends ServerMiddleware> {
  /**
   * Starts middleware for a call with these request headers (read-only). Throwing a
   * {@link dev.flightwire.FlightError} refuses the call with that status; returning null adds
   * nothing to this call.
   */
  T startCall(CallInfo info, CallHeaders incomingHeaders);
}
