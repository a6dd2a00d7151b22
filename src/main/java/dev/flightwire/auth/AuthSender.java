package dev.flightwire.auth;

/**
 * Sends payloads to the other side during a Handshake call: {@code HandshakeRequest} payloads from
 * the client, {@code HandshakeResponse} payloads from the server. Handed to
 * {@link ClientAuthHandler#authenticate} and {@link ServerAuthHandler#authenticate}, valid only
 * while that method runs, on its thread.
 */
public interface AuthSender {
  /**
   * Sends one payload. Returns once it is queued for the network.
   *
   * @param payload the bytes (copied: the array may be reused at once)
   * @throws RuntimeException when the Handshake call has failed; let it propagate
   */
  void write(byte[] payload);
}
