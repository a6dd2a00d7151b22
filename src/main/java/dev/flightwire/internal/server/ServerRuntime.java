package dev.flightwire.internal.server;

import dev.flightwire.CertKeyPair;
import dev.flightwire.Location;
import dev.flightwire.internal.http2.Http2Config;
import dev.flightwire.internal.http2.InboundBudget;
import dev.flightwire.internal.tls.ServerTlsContexts;
import dev.flightwire.internal.tls.TlsContexts;
import dev.flightwire.internal.util.Transports;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a FlightServer runs, built from its {@link ServerSettings}: the HTTP/2 settings,
 * the inbound budget, the handler executor (owned unless the builder gave one), the
 * {@link ServerDispatcher} and the {@link ServerTransport}; and the order in which shutdown stops
 * them (network first, then the owned executor). FlightServer keeps the public lifecycle
 * (start once, shutdown once, await termination) and delegates here.
 */
public final class ServerRuntime {
  private static final Logger LOG = LoggerFactory.getLogger("dev.flightwire.FlightServer");

  private final ServerSettings settings;
  private final Location location;
  private final List<CertKeyPair> tlsPairs;
  private final java.util.Map<String, dev.flightwire.middleware.ServerMiddlewareFactory<?>> middleware;
  private final InboundBudget inboundBudget;
  private final ExecutorService ownedExecutor;
  private final Executor executor;
  private final ServerBinding transport;
  private volatile ServerDispatcher dispatcher;

  /**
   * Checks the settings and builds the parts; starts nothing.
   *
   * @throws IllegalArgumentException when a transport setting is outside what HTTP/2 allows
   */
  public ServerRuntime(ServerSettings b) {
    this.settings = b;
    this.location = b.location;
    this.tlsPairs = List.copyOf(b.tlsPairs);
    this.middleware = Collections.unmodifiableMap(new LinkedHashMap<>(b.middleware));
    Http2Config config = Http2Config.defaults().withMaxInboundMessageSize(b.maxInboundMessageSize)
        .withTransport(b.streamWindow, b.connectionWindow, b.maxFrameSize, b.outboundBufferBytes)
        .withConnectionLimits(b.maxConcurrentCalls, b.handshakeTimeoutNanos, b.maxConnectionIdleNanos);
    if (b.maxInboundBufferedBytes < 0) {
      throw new IllegalArgumentException("maxInboundBufferedBytes must be positive: " + b.maxInboundBufferedBytes);
    }
    this.inboundBudget = new InboundBudget(
        b.maxInboundBufferedBytes == 0 ? ServerTransport.defaultInboundBufferedBytes() : b.maxInboundBufferedBytes);
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownedExecutor = null;
    } else {
      ThreadPoolExecutor pool = new ThreadPoolExecutor(0, b.maxThreads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
          ServerTransport.handlerThreads());
      this.executor = pool;
      this.ownedExecutor = pool;
    }
    this.transport = location.isInProcess()
        ? new dev.flightwire.internal.inprocess.InProcessServer(location.host(), config, inboundBudget)
        : new ServerTransport(location, config, inboundBudget, b.callLog);
  }

  /**
   * Binds the location and starts accepting calls.
   *
   * @throws IOException when the location cannot be bound
   * @throws IllegalStateException when TLS and the location disagree
   */
  public void start() throws IOException {
    ServerTlsContexts tls = tlsContexts();
    ServerDispatcher d = new ServerDispatcher(settings.service, executor, settings.allocator, settings.authHandler,
        settings.headerAuthenticator, settings.callLog, middleware);
    d.writeCompression(settings.writeCompression);
    d.directExecutor(settings.directExecutor);
    d.maxOutboundMessageSize(settings.maxOutboundMessageSize);
    dispatcher = d;
    transport.bind(tls, d);
    LOG.debug("listening on {} ({} transport{})", reachableLocation(), Transports.name(),
        tls == null ? "" : ", TLS by " + TlsContexts.providerName());
  }

  private ServerTlsContexts tlsContexts() {
    if (!location.isTls()) {
      if (!tlsPairs.isEmpty()) {
        throw new IllegalStateException("useTls needs a grpc+tls:// location, not " + location);
      }
      return null;
    }
    if (tlsPairs.isEmpty()) {
      throw new IllegalStateException("a grpc+tls:// location needs a certificate: call useTls(...) on the builder");
    }
    List<byte[][]> pairs = new ArrayList<>();
    for (CertKeyPair p : tlsPairs) {
      pairs.add(new byte[][] {p.certChain(), p.privateKey()});
    }
    return ServerTransport.tlsContexts(pairs, settings.clientCertificates, settings.clientRoots);
  }

  /** The TLS engine, for start-up messages; null when the server does not serve TLS. */
  public String tlsProvider() {
    return location.isTls() ? TlsContexts.providerName() : null;
  }

  /** Whether {@link #start()} has bound the location. */
  public boolean started() {
    return transport.bound();
  }

  /** Calls accepted and not yet ended; 0 before {@link #start()}. */
  public int activeCalls() {
    ServerDispatcher d = dispatcher;
    return d == null ? 0 : d.activeCalls();
  }

  /** Bytes received from clients and not yet read by handlers, across all connections. */
  public long inboundBufferedBytes() {
    return inboundBudget.used();
  }

  /** The bound TCP port; -1 on a Unix domain socket. Only after {@link #start()}. */
  public int port() {
    return transport.port();
  }

  /** The location with the bound port, and a wildcard host replaced by localhost. */
  public Location reachableLocation() {
    if (location.isUnix() || location.isInProcess()) {
      return location;
    }
    String host = location.host();
    if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
      host = "localhost";
    }
    return location.isTls() ? Location.forGrpcTls(host, port()) : Location.forGrpcTcp(host, port());
  }

  /** Stops the network (see {@link ServerTransport#shutdown}), then the owned executor. Call once. */
  public void shutdown(Duration grace) {
    transport.shutdown(grace.toNanos());
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
      try {
        if (!ownedExecutor.awaitTermination(grace.toMillis() + 2000, TimeUnit.MILLISECONDS)) {
          LOG.warn("{}: {} handlers still running after their calls were cancelled; interrupting them",
              location, activeCalls());
          ownedExecutor.shutdownNow();
        }
      } catch (InterruptedException e) {
        ownedExecutor.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
