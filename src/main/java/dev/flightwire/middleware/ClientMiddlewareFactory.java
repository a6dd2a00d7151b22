package dev.flightwire.middleware;

/**
 * Creates a {@link ClientMiddleware} for every call of a client
 * ({@link dev.flightwire.FlightClientOptions.Builder#middleware}). Called on the thread that makes
 * the call; must be thread-safe.
 */
@FunctionalInterface
public interface ClientMiddlewareFactory {
  /** Middleware for a call starting now, or null to add nothing to it. */
  ClientMiddleware startCall(CallInfo info);
}
