package dev.flightwire.auth;

/**
 * Client side of the handshake convention: exchanges payloads over the Handshake RPC, then
 * supplies a token that the client sends on every later call in the {@code auth-token-bin}
 * header. Called on the thread that calls {@code FlightClient.authenticate}.
 */
public interface ClientAuthHandler {
  /** Runs the client half of the handshake. */
  void authenticate(AuthSender outgoing, AuthReader incoming);

  /** The token to send on later calls, or null for none. */
  byte[] getToken();
}
