/**
 * Authentication of Flight calls, in Flight's two conventions. The handshake convention runs a
 * Handshake call between a {@link ClientAuthHandler} and a {@link ServerAuthHandler}, after which
 * every call carries the token it produced in {@code auth-token-bin}
 * ({@link BasicClientAuthHandler} and {@link BasicServerAuthHandler} exchange a {@link BasicAuth}
 * message). The header convention authenticates every call from its request headers with a
 * {@link CallHeaderAuthenticator}; {@link BasicBearerAuthenticator} answers Basic credentials with
 * a bearer token, as {@link dev.flightwire.FlightClient#authenticateBasicToken} expects. A server
 * may accept both ({@link dev.flightwire.FlightServer.Builder#authHandler},
 * {@link dev.flightwire.FlightServer.Builder#headerAuthenticator}); the identity either one
 * establishes is {@link dev.flightwire.ServerCallContext#peerIdentity()}.
 */
package dev.flightwire.auth;
