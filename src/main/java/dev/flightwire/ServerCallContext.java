package dev.flightwire;

import dev.flightwire.internal.call.ServerStream;
import dev.flightwire.middleware.FlightMethod;
import dev.flightwire.middleware.ServerMiddleware;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The context of one server call: who called, which method, the request headers, cancellation,
 * and response headers and trailers to add. Handed to every {@link FlightServerBase} method.
 *
 * <p>Thread-safe. Headers added after the first response message is sent have no effect;
 * trailers can be added until the handler returns.
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
   * or null when there is none.
   *
   * @throws ClassCastException when it is not a {@code T}
   */
  @SuppressWarnings("unchecked")
  public <T extends ServerMiddleware> T middleware(String key) {
    return (T) middleware.get(key);
  }

  /** All middleware of this call by key, in the order the server added them (read-only). */
  public java.util.Map<String, ServerMiddleware> allMiddleware() {
    return java.util.Collections.unmodifiableMap(middleware);
  }

  /**
   * The authenticated identity of the caller: from the authentication handler or header
   * authenticator when the server has one, else the common name (CN) of the verified TLS client
   * certificate (as gRPC C++ servers report it), else "".
   */
  public String peerIdentity() {
    return peerIdentity;
  }

  /**
   * The subject (RFC 2253, e.g. {@code CN=alice,O=Example}) of the client certificate verified by
   * mTLS, or null when the caller presented none.
   */
  public String peerCertificateSubject() {
    return dev.flightwire.internal.tls.ServerTlsGate.peerSubject(stream.connection().channel());
  }

  /** The caller's address in gRPC's form: {@code ipv4:127.0.0.1:5000}, {@code ipv6:[::1]:5000}. */
  public String peer() {
    SocketAddress a = stream.remoteAddress();
    if (a instanceof InetSocketAddress) {
      InetSocketAddress i = (InetSocketAddress) a;
      String host = i.getAddress() == null ? i.getHostString() : i.getAddress().getHostAddress();
      return host.indexOf(':') >= 0 ? "ipv6:[" + host + "]:" + i.getPort() : "ipv4:" + host + ":" + i.getPort();
    }
    if (a instanceof io.netty.channel.unix.DomainSocketAddress) {
      return "unix:" + ((io.netty.channel.unix.DomainSocketAddress) a).path();
    }
    return a == null ? "unknown" : a.toString();
  }

  public FlightMethod method() {
    return method;
  }

  /** The request headers (read-only). */
  public CallHeaders headers() {
    return stream.requestMetadata();
  }

  /** Whether the client cancelled the call, its deadline passed, or it went away. */
  public boolean isCancelled() {
    return stream.isCancelled();
  }

  /**
   * Runs {@code callback} once if the call is cancelled (at once if it already is), on a server
   * executor thread, never a network thread.
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

  /** Time left before the client's deadline, or null when it set none. */
  public Duration timeRemaining() {
    long d = stream.deadlineNanoTime();
    return d == Long.MAX_VALUE ? null : Duration.ofNanos(Math.max(0, d - System.nanoTime()));
  }

  public void addHeader(String key, String value) {
    stream.addResponseHeader(key, value);
  }

  public void addHeader(String key, byte[] value) {
    stream.addResponseHeader(key, value);
  }

  public void addTrailer(String key, String value) {
    stream.addResponseTrailer(key, value);
  }

  public void addTrailer(String key, byte[] value) {
    stream.addResponseTrailer(key, value);
  }
}
