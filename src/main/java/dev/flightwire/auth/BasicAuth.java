package dev.flightwire.auth;

import dev.flightwire.FlightUnauthenticatedError;
import dev.flightwire.internal.convert.Protos;
import java.util.Objects;

/**
 * Username and password as the handshake convention carries them: the serialized Flight
 * {@code BasicAuth} protobuf message (username = field 2, password = field 3). Immutable.
 * {@link #toString()} never shows the password.
 */
public final class BasicAuth {
  private final String username;
  private final String password;

  /**
   * Credentials to send or check.
   *
   * @param username the user name; not null
   * @param password the password; not null
   * @throws NullPointerException when either is null
   */
  public BasicAuth(String username, String password) {
    this.username = Objects.requireNonNull(username, "username");
    this.password = Objects.requireNonNull(password, "password");
  }

  /**
   * The user name.
   *
   * @return the user name; never null
   */
  public String username() {
    return username;
  }

  /**
   * The password.
   *
   * @return the password; never null
   */
  public String password() {
    return password;
  }

  /**
   * The serialized BasicAuth message, as a handshake payload.
   *
   * @return the protobuf bytes
   */
  public byte[] serialize() {
    return Protos.basicAuth(username, password);
  }

  /**
   * Parses a handshake payload. Missing fields read as "".
   *
   * @param payload the serialized BasicAuth message
   * @return the credentials
   * @throws FlightUnauthenticatedError when the payload is not a BasicAuth message
   */
  public static BasicAuth deserialize(byte[] payload) {
    String[] fields = Protos.parseBasicAuth(payload);
    if (fields == null) {
      throw new FlightUnauthenticatedError("the handshake payload is not a BasicAuth message");
    }
    return new BasicAuth(fields[0], fields[1]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BasicAuth && username.equals(((BasicAuth) o).username)
        && password.equals(((BasicAuth) o).password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(username, password);
  }

  @Override
  public String toString() {
    return "BasicAuth<" + username + ", password hidden>";
  }
}
