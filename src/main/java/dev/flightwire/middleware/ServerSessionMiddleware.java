package dev.flightwire.middleware;

import dev.flightwire.CallHeaders;
import dev.flightwire.SessionOptionValue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The session of one call, from {@link ServerSessionMiddlewareFactory}. */
public final class ServerSessionMiddleware implements ServerMiddleware {
  /** One session: an id and its options (thread-safe, in no particular order). */
  public static final class Session {
    private final String id;
    private final Map<String, SessionOptionValue> options = new ConcurrentHashMap<>();

    Session(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    /** The options, live and modifiable. */
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

  /** Whether the caller sent the cookie of a session that is open. */
  public boolean hasSession() {
    return session != null;
  }

  /** The caller's session, created (and its cookie set on this response) when it has none. */
  public synchronized Session session() {
    if (session == null) {
      session = factory.create();
      created = true;
    }
    return session;
  }

  /** The caller's session, or null without one (nothing is created). */
  public Session existingSession() {
    return session;
  }

  /** Ends the caller's session: forgotten by the server, its cookie cleared on this response. */
  public synchronized void closeSession() {
    if (session != null) {
      factory.remove(session.id());
      closedId = session.id();
      session = null;
      created = false;
    }
  }

  @Override
  public void sendingHeaders(CallHeaders outgoing) {
    if (created && session != null) {
      outgoing.insert("set-cookie", ServerSessionMiddlewareFactory.COOKIE + "=" + session.id());
    } else if (closedId != null) {
      outgoing.insert("set-cookie", ServerSessionMiddlewareFactory.COOKIE + "=" + closedId + "; Max-Age=0");
    }
  }
}
