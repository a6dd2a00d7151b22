package dev.flightwire.auth;

/**
 * Server side of the handshake convention. {@link #authenticate} runs for each Handshake call;
 * {@link #isValid} runs for every other call with the {@code auth-token-bin} header of the request
 * (null when absent). Called on server executor threads, possibly concurrently.
 */
public interface ServerAuthHandler {
  /**
   * Runs the server half of the handshake. Throw a FlightError (typically
   * FlightUnauthenticatedError) to refuse.
   */
  void authenticate(AuthSender outgoing, AuthReader incoming);

  /**
   * Returns the peer identity for a token, or null to refuse the call with UNAUTHENTICATED.
   *
   * @param token the token bytes, or null when the call carried none
   */
  String isValid(byte[] token);
}
