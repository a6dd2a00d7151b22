package dev.flightwire.auth;

import dev.flightwire.FlightUnauthenticatedError;

/**
 * The client half of the basic handshake (Arrow's {@code auth:basic_proto} convention): sends one
 * serialized {@link BasicAuth} and keeps the single payload the server answers as the token for
 * later calls. Use it with {@link dev.flightwire.FlightClient#authenticate}; a
 * {@link BasicServerAuthHandler} is its server half. Thread-safe.
 */
public final class BasicClientAuthHandler implements ClientAuthHandler {
  private final BasicAuth credentials;
  private volatile byte[] token;

  /**
   * A handler that sends these credentials.
   *
   * @param username the user name; not null
   * @param password the password; not null
   * @throws NullPointerException when either is null
   */
  public BasicClientAuthHandler(String username, String password) {
    this.credentials = new BasicAuth(username, password);
  }

  /**
   * Sends the credentials and reads the token the server answers.
   *
   * @param outgoing sends the serialized {@link BasicAuth}
   * @param incoming reads the server's token
   * @throws FlightUnauthenticatedError when the server answers without a token
   */
  @Override
  public void authenticate(AuthSender outgoing, AuthReader incoming) {
    outgoing.write(credentials.serialize());
    byte[] answer = incoming.read();
    if (answer == null) {
      throw new FlightUnauthenticatedError("the server answered the handshake without a token");
    }
    token = answer;
  }

  /**
   * The token of the last successful handshake.
   *
   * @return the token the server answered (not a copy), or null before a handshake succeeded
   */
  @Override
  public byte[] getToken() {
    return token;
  }
}
