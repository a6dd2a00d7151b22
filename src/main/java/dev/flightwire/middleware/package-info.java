/**
 * Middleware: code that runs around every call of a client or server, to add and read headers, keep
 * per-call state and observe outcomes. A {@link ClientMiddlewareFactory} (added with
 * {@link dev.flightwire.FlightClientOptions.Builder#middleware}) starts a {@link ClientMiddleware}
 * per call; a {@link ServerMiddlewareFactory} (added with
 * {@link dev.flightwire.FlightServer.Builder#middleware}) starts a {@link ServerMiddleware} per
 * call, which handlers find with {@link dev.flightwire.ServerCallContext#middleware(String)}. Both
 * learn the call's {@link FlightMethod} from a {@link CallInfo}. Ready-made: cookies on the client
 * ({@link ClientCookieMiddlewareFactory}), Flight sessions on the server
 * ({@link ServerSessionMiddlewareFactory}) and W3C trace context with optional OpenTelemetry spans
 * ({@link TracingServerMiddlewareFactory}). Middleware never runs on a network thread.
 */
package dev.flightwire.middleware;
