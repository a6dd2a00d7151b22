package dev.flightwire.auth;

import dev.flightwire.CallHeaders;
import dev.flightwire.FlightUnauthenticatedError;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The header convention with Basic credentials and bearer tokens, for
 * {@link dev.flightwire.FlightServer.Builder#headerAuthenticator}: a call with
 * {@code authorization: Basic base64(user:password)} is checked by the {@link CredentialValidator}
 * and answered with a response header {@code authorization: Bearer <token>}; later calls carry
 * that bearer token instead. This is what {@link dev.flightwire.FlightClient#authenticateBasicToken},
 * pyarrow's {@code authenticate_basic_token} and Arrow Java's {@code authenticateBasicToken}
 * expect.
 *
 * <p>Tokens are 16 random bytes (URL-safe base64), kept in this object's memory (a restarted
 * server knows none), and expire {@code ttl} after their last use; an expired token is forgotten
 * when it is next presented, or by the sweep that runs each time the number of tokens held has
 * doubled, so memory follows the sessions alive, not the logins ever made. Thread-safe.
 */
public final class BasicBearerAuthenticator implements CallHeaderAuthenticator {
  /**
   * Checks a user name and password. Called on server executor threads, possibly concurrently;
   * must not log the password.
   */
  public interface CredentialValidator {
    /**
     * Checks credentials.
     *
     * @param username the user name from the Basic header (may be empty)
     * @param password the password from the Basic header (may be empty)
     * @return the peer identity for {@link dev.flightwire.ServerCallContext#peerIdentity()}, or
     *     null when the credentials are wrong
     */
    String validate(String username, String password);
  }

  private record Session(String identity, long expiresNanos) {}

  private final CredentialValidator validator;
  private final long ttlNanos;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
  /** Token count at which the next sweep of expired tokens runs. */
  private final java.util.concurrent.atomic.AtomicInteger nextSweep = new java.util.concurrent.atomic.AtomicInteger(MIN_SWEEP);
  private static final int MIN_SWEEP = 1024;

  /**
   * An authenticator whose tokens expire two hours after their last use.
   *
   * @param validator checks Basic credentials
   */
  public BasicBearerAuthenticator(CredentialValidator validator) {
    this(validator, Duration.ofHours(2));
  }

  /**
   * An authenticator whose tokens expire {@code ttl} after their last use.
   *
   * @param validator checks Basic credentials
   * @param ttl how long an unused token stays valid
   */
  public BasicBearerAuthenticator(CredentialValidator validator, Duration ttl) {
    this.validator = validator;
    this.ttlNanos = ttl.toNanos();
  }

  /**
   * Authenticates a call by its {@code authorization} header: Basic credentials are validated and
   * answered with a new bearer token; a bearer token is checked and its life extended. The scheme
   * name is case-insensitive.
   *
   * @param incoming the call's request headers (borrowed, read-only)
   * @return the caller's identity, and for Basic credentials the {@code authorization: Bearer}
   *     response header
   * @throws FlightUnauthenticatedError when the header is missing, malformed, of another scheme,
   *     or carries wrong credentials or an unknown or expired token
   */
  @Override
  public AuthResult authenticate(CallHeaders incoming) {
    String value = incoming.get("authorization");
    if (value == null) {
      throw new FlightUnauthenticatedError("missing credentials: send authorization: Basic or Bearer");
    }
    if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
      return basic(value.substring(6).trim());
    }
    if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return bearer(value.substring(7).trim());
    }
    throw new FlightUnauthenticatedError("unsupported authorization scheme: use Basic or Bearer");
  }

  private AuthResult basic(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new FlightUnauthenticatedError("malformed Basic credentials");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new FlightUnauthenticatedError("malformed Basic credentials");
    }
    String identity = validator.validate(decoded.substring(0, colon), decoded.substring(colon + 1));
    if (identity == null) {
      throw new FlightUnauthenticatedError("invalid username or password");
    }
    byte[] raw = new byte[16];
    random.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    long now = System.nanoTime();
    sessions.put(token, new Session(identity, now + ttlNanos));
    int size = sessions.size();
    int sweepAt = nextSweep.get();
    if (size >= sweepAt && nextSweep.compareAndSet(sweepAt, Integer.MAX_VALUE)) {
      sessions.values().removeIf(x -> now - x.expiresNanos > 0);
      nextSweep.set(Math.max(MIN_SWEEP, 2 * sessions.size()));
    }
    return new AuthResult(identity, new CallHeaders().insert("authorization", "Bearer " + token));
  }

  private AuthResult bearer(String token) {
    Session s = sessions.get(token);
    long now = System.nanoTime();
    if (s == null || now - s.expiresNanos > 0) {
      if (s != null) {
        sessions.remove(token, s);
      }
      throw new FlightUnauthenticatedError("invalid or expired bearer token");
    }
    sessions.replace(token, s, new Session(s.identity, now + ttlNanos));
    return new AuthResult(s.identity, CallHeaders.EMPTY);
  }

  /** Tokens currently held, expired ones not yet swept included (for tests). */
  int tokensHeld() {
    return sessions.size();
  }
}
