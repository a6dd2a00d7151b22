/**
 * Middleware: code that runs around every call of a client or server, to add and read headers,
 * keep per-call state and observe outcomes. A
 * {@link dev.flightwire.middleware.ClientMiddlewareFactory} (added with {@link dev.flightwire.FlightClientOptions.Builder#middleware}) starts a
 * {@link dev.flightwire.middleware.ClientMiddleware} per call; a
 * {@link dev.flightwire.middleware.ServerMiddlewareFactory} (added with
 * {@link dev.flightwire.FlightServer.Builder#middleware}) starts a
 * {@link dev.flightwire.middleware.ServerMiddleware} per call, which handlers find with
 * {@link dev.flightwire.ServerCallContext#middleware(String)}. Both learn the call's
 * {@link dev.flightwire.middleware.FlightMethod} from a {@link dev.flightwire.middleware.CallInfo}.
 * Ready-made: cookies on the client
 * ({@link dev.flightwire.middleware.ClientCookieMiddlewareFactory}), Flight sessions on the server ({@link dev.flightwire.middleware.ServerSessionMiddlewareFactory})
 * and W3C trace context with optional OpenTelemetry spans
 * ({@link dev.flightwire.middleware.TracingServerMiddlewareFactory}). Middleware never runs on a
 * network thread.
 */
package dev.flightwire.middleware;
