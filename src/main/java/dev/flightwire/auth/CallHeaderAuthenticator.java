package dev.flightwire.auth;

import dev.flightwire.CallHeaders;

/**
 * The header convention ("auth2"): every call is authenticated from its request headers, and the
 * authenticator may add response headers (for example {@code authorization: Bearer ...} answering
 * Basic credentials). Runs on server executor threads, concurrently; never logs credentials.
 */
public interface CallHeaderAuthenticator {
  /** The outcome of a successful authentication. */
  record AuthResult(String peerIdentity, CallHeaders outgoingHeaders) {
    public AuthResult {
      outgoingHeaders = outgoingHeaders == null ? CallHeaders.EMPTY : outgoingHeaders;
    }
  }

  /**
   * Authenticates a call from its request headers.
   *
   * @throws dev.flightwire.FlightUnauthenticatedError when the credentials are missing or wrong
   */
  AuthResult authenticate(CallHeaders incoming);
}
