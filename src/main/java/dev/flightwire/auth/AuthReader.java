package dev.flightwire.auth;

/**
 * Reads the payloads the other side sends during a Handshake call: the server's
 * {@code HandshakeResponse} payloads on the client, the client's {@code HandshakeRequest}
 * payloads on the server. Handed to {@link ClientAuthHandler#authenticate} and
 * {@link ServerAuthHandler#authenticate}, valid only while that method runs, on its thread.
 */
public interface AuthReader {
  /**
   * Blocks for the next payload. Interrupting the wait cancels the Handshake call (the thread's
   * interrupt flag is set again).
   *
   * @return the payload (a new array), or null when the other side has finished sending
   * @throws RuntimeException when the Handshake call fails (deadline, cancellation, a malformed
   *     message); let it propagate, the call then ends with that status
   */
  byte[] read();
}
