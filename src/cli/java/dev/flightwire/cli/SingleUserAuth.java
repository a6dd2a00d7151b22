package dev.flightwire.cli;

import dev.flightwire.auth.BasicBearerAuthenticator;
import dev.flightwire.auth.BasicServerAuthHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credentials of {@code serve --user --password}: one user, accepted by both authentication
 * conventions (handshake tokens and Basic/Bearer headers). Passwords compare in constant time.
 */
final class SingleUserAuth implements BasicServerAuthHandler.Validator, BasicBearerAuthenticator.CredentialValidator {
  private final String user;
  private final byte[] password;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, String> handshakeTokens = new ConcurrentHashMap<>();

  SingleUserAuth(String user, String password) {
    this.user = user;
    this.password = password.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String validate(String username, String pw) {
    boolean ok = MessageDigest.isEqual(password, String.valueOf(pw).getBytes(StandardCharsets.UTF_8));
    return ok && user.equals(username) ? user : null;
  }

  @Override
  public byte[] getToken(String username, String pw) {
    if (validate(username, pw) == null) {
      return null;
    }
    byte[] raw = new byte[16];
    random.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    handshakeTokens.put(token, user);
    return token.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String isValid(byte[] token) {
    return handshakeTokens.get(new String(token, StandardCharsets.US_ASCII));
  }
}
