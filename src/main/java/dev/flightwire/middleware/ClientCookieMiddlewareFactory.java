package dev.flightwire.middleware;

import dev.flightwire.CallHeaders;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A cookie jar for one client: cookies the server sets with {@code set-cookie} response headers
 * are sent back in a {@code cookie} header on every later call until they expire
 * ({@code Max-Age}, {@code Expires}) or the server removes them ({@code Max-Age=0}). Domain,
 * path and security attributes are ignored: a client talks to one service. Flight session
 * options rely on this ({@code arrow_flight_session_id}, see
 * {@link dev.flightwire.FlightClient#setSessionOptions}). Thread-safe.
 *
 * <pre>{@code
 * FlightClientOptions options = FlightClientOptions.builder()
 *     .middleware(new ClientCookieMiddlewareFactory())
 *     .build();
 * }</pre>
 *
 * <p>Each instance is one jar: give each client its own, unless clients should share a session.
 */
public final class ClientCookieMiddlewareFactory implements ClientMiddlewareFactory {
  private final Map<String, Cookie> jar = new LinkedHashMap<>();

  /** An empty cookie jar. */
  public ClientCookieMiddlewareFactory() {}

  private static final class Cookie {
    final String value;
    final Instant expires;

    Cookie(String value, Instant expires) {
      this.value = value;
      this.expires = expires;
    }
  }

  /**
   * Middleware that sends the jar's cookies with the call and takes the cookies its response
   * sets.
   *
   * @param info the call's method (every method gets cookies)
   * @return the call's middleware; never null
   */
  @Override
  public ClientMiddleware startCall(CallInfo info) {
    return new ClientMiddleware() {
      @Override
      public void sendingHeaders(CallHeaders outgoing) {
        String header = cookieHeader();
        if (!header.isEmpty()) {
          outgoing.insert("cookie", header);
        }
      }

      @Override
      public void receivedHeaders(CallHeaders incoming) {
        for (String value : incoming.getAll("set-cookie")) {
          accept(value);
        }
      }
    };
  }

  /**
   * The {@code cookie} header value a call would send now. Drops expired cookies.
   *
   * @return the cookies as {@code a=1; b=2}, in the order first set; "" when the jar is empty
   */
  public synchronized String cookieHeader() {
    Instant now = Instant.now();
    jar.values().removeIf(c -> c.expires != null && !c.expires.isAfter(now));
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Cookie> e : jar.entrySet()) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(e.getKey()).append('=').append(e.getValue().value);
    }
    return sb.toString();
  }

  /** Takes one {@code set-cookie} value into the jar (malformed ones are ignored). */
  synchronized void accept(String setCookie) {
    String[] parts = setCookie.split(";");
    int eq = parts[0].indexOf('=');
    if (eq <= 0) {
      return;
    }
    String name = parts[0].substring(0, eq).trim();
    String value = parts[0].substring(eq + 1).trim();
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    Instant expires = null;
    boolean maxAgeSeen = false;
    for (int i = 1; i < parts.length; i++) {
      String attr = parts[i].trim();
      int aeq = attr.indexOf('=');
      String key = (aeq < 0 ? attr : attr.substring(0, aeq)).trim().toLowerCase(Locale.ROOT);
      String v = aeq < 0 ? "" : attr.substring(aeq + 1).trim();
      try {
        if (key.equals("max-age")) {
          maxAgeSeen = true;
          long seconds = Long.parseLong(v);
          expires = seconds <= 0 ? Instant.EPOCH : Instant.now().plusSeconds(seconds);
        } else if (key.equals("expires") && !maxAgeSeen) {
          expires = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        }
      } catch (NumberFormatException | DateTimeParseException e) {
        // an attribute we cannot read is ignored, as browsers do
      }
    }
    if (expires != null && !expires.isAfter(Instant.now())) {
      jar.remove(name);
    } else {
      jar.put(name, new Cookie(value, expires));
    }
  }
}
