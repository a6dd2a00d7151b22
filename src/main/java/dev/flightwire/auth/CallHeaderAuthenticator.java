package dev.flightwire.auth;

import dev.flightwire.CallHeaders;

/**
 * The header convention ("auth2"), for
 * {@link dev.flightwire.FlightServer.Builder#headerAuthenticator}: every call, Handshake included,
 * is authenticated from its request headers before its handler runs, and the authenticator may
 * add response headers (for example {@code authorization: Bearer ...} answering Basic
 * credentials). When the server also has a handshake handler, calls are shared between the two as
 * {@link dev.flightwire.FlightServer.Builder#headerAuthenticator} describes. Runs on server
 * executor threads, concurrently, so implementations must be thread-safe; they should never log
 * credentials. {@link BasicBearerAuthenticator} is the ready-made one.
 */
public interface CallHeaderAuthenticator {
  /**
   * The outcome of a successful authentication.
   *
   * @param peerIdentity the caller's identity, for
   *     {@link dev.flightwire.ServerCallContext#peerIdentity()}; null or "" for none (the TLS
   *     client certificate's CN then applies, if any)
   * @param outgoingHeaders headers to add to the call's response headers; never null (null is
   *     replaced by {@link CallHeaders#EMPTY})
   */
  record AuthResult(String peerIdentity, CallHeaders outgoingHeaders) {
    /**
     * Replaces null outgoing headers with {@link CallHeaders#EMPTY}.
     *
     * @param peerIdentity the caller's identity, or null or "" for none
     * @param outgoingHeaders headers to add to the response, or null for none
     */
    public AuthResult {
      outgoingHeaders = outgoingHeaders == null ? CallHeaders.EMPTY : outgoingHeaders;
    }
  }

  /**
   * Authenticates a call from its request headers.
   *
   * @param incoming the call's request headers (borrowed, read-only)
   * @return the caller's identity and any response headers to add; not null
   * @throws dev.flightwire.FlightUnauthenticatedError when the credentials are missing or wrong
   *     (any {@link dev.flightwire.FlightError} fails the call with its own status)
   */
  AuthResult authenticate(CallHeaders incoming);
}
