package dev.flightwire;

import dev.flightwire.internal.call.ServerStream;
import dev.flightwire.internal.server.ServerTransport;
import dev.flightwire.middleware.FlightMethod;
import dev.flightwire.middleware.ServerMiddleware;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The context of one server call: who called, which method, the request headers, cancellation
 * and deadline, the call's middleware, and response headers and trailers to add. Handed to every
 * {@link FlightServerBase} method; valid until that method returns.
 *
 * <p>Thread-safe: a handler may pass it to threads of its own. Response headers go out with the
 * first response message (or, for a call that fails before one, in its Trailers-Only response);
 * headers added after that have no effect. Trailers can be added until the handler returns. Keys
 * and values follow the rules of {@link CallHeaders}.
 */
public final class ServerCallContext {
  private static final Logger LOG = LoggerFactory.getLogger(ServerCallContext.class);
  private final ServerStream stream;
  private final FlightMethod method;
  private final String peerIdentity;
  private final java.util.concurrent.Executor executor;
  private final java.util.Map<String, ServerMiddleware> middleware;

  ServerCallContext(ServerStream stream, FlightMethod method, String peerIdentity,
      java.util.concurrent.Executor executor, java.util.Map<String, ServerMiddleware> middleware) {
    this.middleware = middleware;
    this.executor = executor;
    this.stream = stream;
    this.method = method;
    this.peerIdentity = peerIdentity == null ? "" : peerIdentity;
  }

  /**
   * The middleware this call started under {@code key} ({@link FlightServer.Builder#middleware}),
   * for example the {@link dev.flightwire.middleware.ServerSessionMiddleware} of a session
   * factory.
   *
   * @param <T> the middleware's type, as the caller expects it
   * @param key the key the factory was added under
   * @return the call's middleware, or null when the key is unknown or its factory returned null
   *     for this call
   * @throws ClassCastException when it is not a {@code T}
   */
  @SuppressWarnings("unchecked")
  public <T extends ServerMiddleware> T middleware(String key) {
    return (T) middleware.get(key);
  }

  /**
   * All middleware of this call.
   *
   * @return the middleware by key, in the order the factories were added; read-only
   */
  public java.util.Map<String, ServerMiddleware> allMiddleware() {
    return java.util.Collections.unmodifiableMap(middleware);
  }

  /**
   * The authenticated identity of the caller: from the authentication handler or header
   * authenticator when the server has one, else the common name (CN) of the verified TLS client
   * certificate (as gRPC C++ servers report it), else "". In the Handshake call of the handshake
   * convention, which establishes the identity, only the certificate's CN can apply.
   *
   * @return the identity; "" when unknown, never null
   */
  public String peerIdentity() {
    return peerIdentity;
  }

  /**
   * The subject of the client certificate verified by mutual TLS.
   *
   * @return the subject in RFC 2253 form, for example {@code CN=alice,O=Example}; null when the
   *     caller presented no certificate or the connection is not TLS
   */
  public String peerCertificateSubject() {
    return stream.connection().peerSubject();
  }

  /**
   * The caller's address, in gRPC's form.
   *
   * @return {@code ipv4:127.0.0.1:5000}, {@code ipv6:[::1]:5000}, {@code unix:/path}, or
   *     {@code unknown}
   */
  public String peer() {
    return ServerTransport.peerName(stream.remoteAddress());
  }

  /**
   * The Flight method of this call.
   *
   * @return the method; never null
   */
  public FlightMethod method() {
    return method;
  }

  /**
   * The request headers: the client's metadata, without the reserved HTTP/2 and gRPC headers.
   *
   * @return the headers, read-only
   */
  public CallHeaders headers() {
    return stream.requestMetadata();
  }

  /**
   * Whether the call is over for the client: it cancelled the call, its deadline passed, its
   * connection closed, or the call failed on malformed input. A handler that produces results
   * slowly should check it and stop; reads and writes of a cancelled call throw.
   *
   * @return true once the call is cancelled
   */
  public boolean isCancelled() {
    return stream.isCancelled();
  }

  /**
   * Runs {@code callback} once if the call is cancelled (see {@link #isCancelled()}), or at once if
   * it already is: on a server executor thread (the common pool when the executor refuses), never
   * a network thread, and possibly while the handler still runs on its own thread.
   *
   * @param callback what to run, for example stopping a query the handler waits on
   */
  public void onCancel(Runnable callback) {
    stream.onCancel(() -> {
      try {
        executor.execute(callback);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        LOG.debug("the executor refused the cancel callback of {}; running it on the common pool", method);
        java.util.concurrent.ForkJoinPool.commonPool().execute(callback);
      }
    });
  }

  /**
   * The time left before the client's deadline ({@code grpc-timeout}). When it reaches zero the
   * server ends the call with DEADLINE_EXCEEDED.
   *
   * @return the time left (zero once passed), or null when the client set no deadline
   */
  public Duration timeRemaining() {
    long d = stream.deadlineNanoTime();
    return d == Long.MAX_VALUE ? null : Duration.ofNanos(Math.max(0, d - System.nanoTime()));
  }

  /**
   * Adds a text response header, sent with the first response message.
   *
   * @param key the key; must not end in {@code -bin}
   * @param value the value, printable ASCII
   * @throws IllegalArgumentException when the key or value is not valid
   */
  public void addHeader(String key, String value) {
    stream.addResponseHeader(key, value);
  }

  /**
   * Adds a binary response header, sent with the first response message.
   *
   * @param key the key; must end in {@code -bin}
   * @param value the bytes (copied)
   * @throws IllegalArgumentException when the key is not valid
   */
  public void addHeader(String key, byte[] value) {
    stream.addResponseHeader(key, value);
  }

  /**
   * Adds a text response trailer, sent with the call's status (also when the call fails).
   *
   * @param key the key; must not end in {@code -bin}
   * @param value the value, printable ASCII
   * @throws IllegalArgumentException when the key or value is not valid
   */
  public void addTrailer(String key, String value) {
    stream.addResponseTrailer(key, value);
  }

  /**
   * Adds a binary response trailer, sent with the call's status (also when the call fails).
   *
   * @param key the key; must end in {@code -bin}
   * @param value the bytes (copied)
   * @throws IllegalArgumentException when the key is not valid
   */
  public void addTrailer(String key, byte[] value) {
    stream.addResponseTrailer(key, value);
  }
}
