package dev.flightwire.middleware;

import dev.flightwire.CallHeaders;
import dev.flightwire.SessionOptionValue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Server-side sessions keyed by the {@code arrow_flight_session_id} cookie, as Flight's session
 * options expect: a handler asks the call's {@link ServerSessionMiddleware} for the session (created
 * on demand, its cookie set on the response) and keeps options in it; closing it clears the cookie
 * ({@code Max-Age=0}). Clients send the cookie back with a cookie jar such as
 * {@link ClientCookieMiddlewareFactory}. Sessions live in this object's memory until closed (they
 * do not expire); a cookie naming an unknown session is ignored. Thread-safe.
 *
 * <pre>{@code
 * FlightServer.builder(allocator, location, service)
 *     .middleware(ServerSessionMiddlewareFactory.KEY, new ServerSessionMiddlewareFactory())
 * }</pre>
 */
public final class ServerSessionMiddlewareFactory implements ServerMiddlewareFactory<ServerSessionMiddleware> {
  /** The key under which handlers conventionally look it up. */
  public static final String KEY = "session";
  /** The cookie carrying the session id. */
  public static final String COOKIE = "arrow_flight_session_id";

  private final Supplier<String> ids;
  private final Map<String, ServerSessionMiddleware.Session> sessions = new ConcurrentHashMap<>();

  /** A factory whose session ids are random UUIDs. */
  public ServerSessionMiddlewareFactory() {
    this(() -> java.util.UUID.randomUUID().toString());
  }

  /**
   * A factory whose session ids come from {@code ids}.
   *
   * @param ids makes a new session id each time it is asked; the ids must be unique, hard to
   *     guess, and valid cookie values (no spaces, commas, semicolons or quotes); called
   *     concurrently
   */
  public ServerSessionMiddlewareFactory(Supplier<String> ids) {
    this.ids = ids;
  }

  /**
   * The session middleware of a call: with the open session its {@code cookie} header names, if
   * any.
   *
   * @param info the call's method (every method gets one)
   * @param incomingHeaders the call's request headers, read-only
   * @return the call's middleware; never null
   */
  @Override
  public ServerSessionMiddleware startCall(CallInfo info, CallHeaders incomingHeaders) {
    String id = null;
    for (String header : incomingHeaders.getAll("cookie")) {
      for (String pair : header.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).trim().equals(COOKIE)) {
          id = pair.substring(eq + 1).trim();
        }
      }
    }
    ServerSessionMiddleware.Session existing = id == null ? null : sessions.get(id);
    return new ServerSessionMiddleware(this, existing);
  }

  ServerSessionMiddleware.Session create() {
    ServerSessionMiddleware.Session s = new ServerSessionMiddleware.Session(ids.get());
    sessions.put(s.id(), s);
    return s;
  }

  void remove(String id) {
    sessions.remove(id);
  }

  /**
   * The sessions open now.
   *
   * @return the number of sessions created and not closed
   */
  public int openSessions() {
    return sessions.size();
  }

  /**
   * The options of a session, for tests and tools.
   *
   * @param id a session id
   * @return the session's live options, or null when there is no such open session
   */
  public Map<String, SessionOptionValue> optionsOf(String id) {
    ServerSessionMiddleware.Session s = sessions.get(id);
    return s == null ? null : s.options();
  }
}
