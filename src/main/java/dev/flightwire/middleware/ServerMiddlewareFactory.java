package dev.flightwire.middleware;

import dev.flightwire.CallHeaders;

/**
 * Creates a {@link ServerMiddleware} for every call of a server, Handshake included
 * ({@link dev.flightwire.FlightServer.Builder#middleware}). Called on the call's server executor
 * thread after authentication (a call it refuses starts no middleware) and before the handler,
 * for many calls at once, so it must be thread-safe.
 *
 * @param <T> the middleware type, as handlers find it with
 *     {@link dev.flightwire.ServerCallContext#middleware(String)}
 */
@FunctionalInterface
public interface ServerMiddlewareFactory<T extends ServerMiddleware> {
  /**
   * Starts the middleware of a call. Throwing a {@link dev.flightwire.FlightError} refuses the
   * call with that status (other exceptions as {@code FlightError} describes); the middleware
   * already started for it still see {@link ServerMiddleware#callCompleted}.
   *
   * @param info the call's method
   * @param incomingHeaders the call's request headers, read-only
   * @return the call's middleware, or null to add nothing to this call
   */
  T startCall(CallInfo info, CallHeaders incomingHeaders);
}
