package dev.flightwire.auth;

/**
 * Server side of the handshake convention, for
 * {@link dev.flightwire.FlightServer.Builder#authHandler}. {@link #authenticate} runs for each
 * Handshake call; {@link #isValid} runs for every other call with the {@code auth-token-bin}
 * header of the request (null when absent), before its handler; when the server also has a
 * header authenticator, only calls that carry a token come here. Called on server executor
 * threads, possibly concurrently, so implementations must be thread-safe.
 * {@link BasicServerAuthHandler} is the ready-made one.
 */
public interface ServerAuthHandler {
  /**
   * Runs the server half of the handshake. Returning normally ends the Handshake call with OK.
   *
   * @param outgoing sends payloads to the client; valid during this call only
   * @param incoming reads the client's payloads; valid during this call only
   * @throws dev.flightwire.FlightError to refuse, typically
   *     {@link dev.flightwire.FlightUnauthenticatedError}; the Handshake call fails with it
   */
  void authenticate(AuthSender outgoing, AuthReader incoming);

  /**
   * Checks the token of a call.
   *
   * @param token the token bytes, or null when the call carried none
   * @return the peer identity for {@link dev.flightwire.ServerCallContext#peerIdentity()}, or
   *     null to refuse the call with UNAUTHENTICATED
   */
  String isValid(byte[] token);
}
