package dev.flightwire.middleware;

/**
 * Creates a {@link ClientMiddleware} for every call of a client, Handshake included
 * ({@link dev.flightwire.FlightClientOptions.Builder#middleware}). Called on the thread that makes
 * the call, possibly from many threads at once, so it must be thread-safe.
 */
@FunctionalInterface
public interface ClientMiddlewareFactory {
  /**
   * Starts the middleware of a call that is about to be sent. Throwing makes the call method
   * throw, and nothing is sent.
   *
   * @param info the call's method
   * @return the call's middleware, or null to add nothing to this call
   */
  ClientMiddleware startCall(CallInfo info);
}
