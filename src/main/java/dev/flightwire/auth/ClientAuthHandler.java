package dev.flightwire.auth;

/**
 * Client side of the handshake convention: exchanges payloads over the Handshake RPC, then
 * supplies a token that the client sends on every later call in the {@code auth-token-bin}
 * header. Called on the thread that calls
 * {@link dev.flightwire.FlightClient#authenticate(ClientAuthHandler)}; {@link BasicClientAuthHandler}
 * is the ready-made one.
 */
public interface ClientAuthHandler {
  /**
   * Runs the client half of the handshake. When it returns, the client ends its side of the
   * Handshake call and waits for the server's status.
   *
   * @param outgoing sends payloads to the server; valid during this call only
   * @param incoming reads the server's payloads; valid during this call only
   * @throws dev.flightwire.FlightError to abort the handshake; the client's
   *     {@code authenticate} throws it
   */
  void authenticate(AuthSender outgoing, AuthReader incoming);

  /**
   * The token to send on later calls, asked for once the handshake has ended OK.
   *
   * @return the token, or null to send none
   */
  byte[] getToken();
}
