package dev.flightwire.auth;

import dev.flightwire.FlightUnauthenticatedError;

/**
 * The client half of the basic handshake: sends one serialized {@link BasicAuth} and keeps the
 * single payload the server answers as the token for later calls.
 */
public final class BasicClientAuthHandler implements ClientAuthHandler {
  private final BasicAuth credentials;
  private volatile byte[] token;

  public BasicClientAuthHandler(String username, String password) {
    this.credentials = new BasicAuth(username, password);
  }

  @Override
  public void authenticate(AuthSender outgoing, AuthReader incoming) {
    outgoing.write(credentials.serialize());
    byte[] answer = incoming.read();
    if (answer == null) {
      throw new FlightUnauthenticatedError("the server answered the handshake without a token");
    }
    token = answer;
  }

  @Override
  public byte[] getToken() {
    return token;
  }
}
