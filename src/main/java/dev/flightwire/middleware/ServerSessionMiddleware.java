package dev.flightwire.middleware;

import dev.flightwire.CallHeaders;
import dev.flightwire.SessionOptionValue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session of one call, from {@link ServerSessionMiddlewareFactory}: find it with
 * {@code context.middleware(ServerSessionMiddlewareFactory.KEY)} (or the key the factory was
 * added under). Sessions are created on demand and closed on request; the cookie that creates or
 * clears one is sent with this call's response headers. Thread-safe.
 *
 * <pre>{@code
 * ServerSessionMiddleware m = context.middleware(ServerSessionMiddlewareFactory.KEY);
 * m.session().options().putAll(options);   // creates the session if the caller had none
 * }</pre>
 */
public final class ServerSessionMiddleware implements ServerMiddleware {
  /**
   * One session: an id and its options. Shared by every call that carries its cookie, until it is
   * closed. Thread-safe.
   */
  public static final class Session {
    private final String id;
    private final Map<String, SessionOptionValue> options = new ConcurrentHashMap<>();

    Session(String id) {
      this.id = id;
    }

    /**
     * The session id, the value of the {@code arrow_flight_session_id} cookie.
     *
     * @return the id
     */
    public String id() {
      return id;
    }

    /**
     * The session's options, for the service to keep what SetSessionOptions sets.
     *
     * @return the live, modifiable and thread-safe map of options by name (in no particular
     *     order; null keys and values are not allowed)
     */
    public Map<String, SessionOptionValue> options() {
      return options;
    }
  }

  private final ServerSessionMiddlewareFactory factory;
  private volatile Session session;
  private volatile boolean created;
  private volatile String closedId;

  ServerSessionMiddleware(ServerSessionMiddlewareFactory factory, Session existing) {
    this.factory = factory;
    this.session = existing;
  }

  /**
   * Whether this call has a session: the caller sent the cookie of an open session, or
   * {@link #session()} created one.
   *
   * @return true when there is a session
   */
  public boolean hasSession() {
    return session != null;
  }

  /**
   * The caller's session, created when it has none: the new session's cookie is then set on this
   * call's response, so call this before the first response message is sent.
   *
   * @return the session; never null
   */
  public synchronized Session session() {
    if (session == null) {
      session = factory.create();
      created = true;
    }
    return session;
  }

  /**
   * The caller's session, without creating one.
   *
   * @return the session, or null when there is none
   */
  public Session existingSession() {
    return session;
  }

  /**
   * Ends the caller's session: the factory forgets it, and this call's response clears its cookie
   * ({@code Max-Age=0}), so call this before the first response message is sent. Does nothing
   * without a session.
   */
  public synchronized void closeSession() {
    if (session != null) {
      factory.remove(session.id());
      closedId = session.id();
      session = null;
      created = false;
    }
  }

  /**
   * Adds the {@code set-cookie} header of a session created or closed during this call.
   *
   * @param outgoing the response headers to add to
   */
  @Override
  public void sendingHeaders(CallHeaders outgoing) {
    if (created && session != null) {
      outgoing.insert("set-cookie", ServerSessionMiddlewareFactory.COOKIE + "=" + session.id());
    } else if (closedId != null) {
      outgoing.insert("set-cookie", ServerSessionMiddlewareFactory.COOKIE + "=" + closedId + "; Max-Age=0");
    }
  }
}
