package dev.flightwire.auth;

import dev.flightwire.FlightUnauthenticatedError;

/**
 * The server half of the basic handshake: reads one serialized {@link BasicAuth}, asks the
 * {@link Validator} for a token, and answers it; every later call's {@code auth-token-bin} is
 * checked with {@link Validator#isValid}. Credentials and tokens are never logged.
 */
public final class BasicServerAuthHandler implements ServerAuthHandler {
  /** Checks credentials and tokens; called on server threads, possibly concurrently. */
  public interface Validator {
    /**
     * Returns the token for valid credentials.
     *
     * @throws FlightUnauthenticatedError for invalid credentials
     */
    byte[] getToken(String username, String password);

    /** Returns the peer identity for a token, or null when it is not valid (or null). */
    String isValid(byte[] token);
  }

  private final Validator validator;

  public BasicServerAuthHandler(Validator validator) {
    this.validator = validator;
  }

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

  @Override
  public String isValid(byte[] token) {
    return token == null ? null : validator.isValid(token);
  }
}
