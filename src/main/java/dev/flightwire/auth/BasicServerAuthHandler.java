package dev.flightwire.auth;

import dev.flightwire.FlightUnauthenticatedError;

/**
 * The server half of the basic handshake (Arrow's {@code auth:basic_proto} convention), for
 * {@link dev.flightwire.FlightServer.Builder#authHandler}: reads one serialized
 * {@link BasicAuth}, asks the {@link Validator} for a token, and answers it; every later call's
 * {@code auth-token-bin} is checked with {@link Validator#isValid}. Credentials and tokens are
 * never logged. Thread-safe if the validator is.
 */
public final class BasicServerAuthHandler implements ServerAuthHandler {
  /** Checks credentials and tokens; called on server executor threads, possibly concurrently. */
  public interface Validator {
    /**
     * Issues a token for valid credentials.
     *
     * @param username the user name from the handshake (may be empty)
     * @param password the password from the handshake (may be empty)
     * @return the token the client will send on later calls, or null for invalid credentials
     * @throws FlightUnauthenticatedError for invalid credentials (as null does)
     */
    byte[] getToken(String username, String password);

    /**
     * Checks the token of a call.
     *
     * @param token the call's {@code auth-token-bin} value; never null here
     * @return the peer identity for {@link dev.flightwire.ServerCallContext#peerIdentity()}, or
     *     null when the token is not valid
     */
    String isValid(byte[] token);
  }

  private final Validator validator;

  /**
   * A handler that checks credentials and tokens with {@code validator}.
   *
   * @param validator issues and checks tokens
   */
  public BasicServerAuthHandler(Validator validator) {
    this.validator = validator;
  }

  /**
   * Reads the client's BasicAuth payload and answers the validator's token.
   *
   * @param outgoing sends the token
   * @param incoming reads the client's credentials
   * @throws FlightUnauthenticatedError when no credentials came, the payload is not a BasicAuth
   *     message, or the validator refuses them
   */
  @Override
  public void authenticate(AuthSender outgoing, AuthReader incoming) {
    byte[] payload = incoming.read();
    if (payload == null) {
      throw new FlightUnauthenticatedError("the handshake carried no credentials");
    }
    BasicAuth auth = BasicAuth.deserialize(payload);
    byte[] token = validator.getToken(auth.username(), auth.password());
    if (token == null) {
      throw new FlightUnauthenticatedError("invalid username or password");
    }
    outgoing.write(token);
  }

  /**
   * Checks a call's token with the validator.
   *
   * @param token the call's {@code auth-token-bin} value, or null when it carried none
   * @return the peer identity, or null (the call is refused) when the token is missing or not
   *     valid
   */
  @Override
  public String isValid(byte[] token) {
    return token == null ? null : validator.isValid(token);
  }
}
