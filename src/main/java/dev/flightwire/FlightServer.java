package dev.flightwire;

import dev.flightwire.auth.ServerAuthHandler;
import dev.flightwire.internal.http2.Http2Config;
import dev.flightwire.internal.http2.PrefaceGate;
import dev.flightwire.internal.http2.ServerHttp2Handler;
import dev.flightwire.internal.tls.ServerTlsContexts;
import dev.flightwire.internal.tls.ServerTlsGate;
import dev.flightwire.internal.tls.TlsContexts;
import io.netty.handler.ssl.ClientAuth;
import dev.flightwire.internal.util.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link FlightServerBase} over gRPC on HTTP/2.
 *
 * <h3>Lifecycle</h3>
 * {@link #builder} → {@link Builder#build()} → {@link #start()} → {@link #awaitTermination()} or
 * {@link #shutdown(Duration)} → {@link #close()}. Shutdown is graceful: connections receive the
 * two-step GOAWAY, calls in progress may finish within the grace period, and those still running
 * afterwards are cancelled.
 *
 * <h3>Threading</h3>
 * Network I/O runs on Netty event loops; service methods run on the executor (by default a
 * bounded pool of named daemon threads; when all are busy new calls get RESOURCE_EXHAUSTED).
 */
public final class FlightServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FlightServer.class);
  private final Location location;
  private final FlightServerBase service;
  private final BufferAllocator allocator;
  private final Http2Config config;
  private final ServerAuthHandler authHandler;
  private final dev.flightwire.auth.CallHeaderAuthenticator headerAuthenticator;
  private final Consumer<String> callLog;
  private final java.util.List<CertKeyPair> tlsPairs;
  private final IpcCompression writeCompression;
  private final int maxOutboundMessageSize;
  private final ClientCertificateMode clientCertificates;
  private final byte[] clientRoots;
  private final java.util.Map<String, dev.flightwire.middleware.ServerMiddlewareFactory<?>> middleware;
  private final ExecutorService ownedExecutor;
  private final java.util.concurrent.Executor executor;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final CountDownLatch terminated = new CountDownLatch(1);
  private EventLoopGroup boss;
  private EventLoopGroup workers;
  private Channel listener;
  private volatile ServerDispatcher dispatcher;
  private volatile boolean shutdown;

  private FlightServer(Builder b) {
    this.location = b.location;
    this.service = b.service;
    this.allocator = b.allocator;
    this.config = Http2Config.defaults().withMaxInboundMessageSize(b.maxInboundMessageSize)
        .withTransport(b.streamWindow, b.connectionWindow, b.maxFrameSize, b.outboundBufferBytes)
        .withConnectionLimits(b.maxConcurrentCalls, b.handshakeTimeoutNanos, b.maxConnectionIdleNanos);
    this.authHandler = b.authHandler;
    this.headerAuthenticator = b.headerAuthenticator;
    this.callLog = b.callLog;
    this.tlsPairs = java.util.List.copyOf(b.tlsPairs);
    this.writeCompression = b.writeCompression;
    this.maxOutboundMessageSize = b.maxOutboundMessageSize;
    this.clientCertificates = b.clientCertificates;
    this.clientRoots = b.clientRoots;
    this.middleware = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(b.middleware));
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownedExecutor = null;
    } else {
      ThreadPoolExecutor pool = new ThreadPoolExecutor(0, b.maxThreads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
          new io.netty.util.concurrent.DefaultThreadFactory("flightwire-server", true));
      this.executor = pool;
      this.ownedExecutor = pool;
    }
  }

  /** A builder for a server of {@code service} at {@code location} allocating from {@code allocator}. */
  public static Builder builder(BufferAllocator allocator, Location location, FlightServerBase service) {
    return new Builder(allocator, location, service);
  }

  /** Binds the port and starts accepting calls. */
  public FlightServer start() throws IOException {
    ServerTlsContexts tls = tlsContexts();
    boolean unix = location.isUnix();
    Class<? extends io.netty.channel.ServerChannel> channel = unix ? Transports.serverDomainChannel()
        : Transports.serverChannel();
    boss = Transports.newGroup(1, "flightwire-accept");
    workers = Transports.newGroup(0, "flightwire-io");
    dispatcher = new ServerDispatcher(service, executor, allocator, authHandler,
        headerAuthenticator, callLog, middleware);
    dispatcher.writeCompression(writeCompression);
    dispatcher.maxOutboundMessageSize(maxOutboundMessageSize);
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(channel);
    if (!unix) {
      b.option(ChannelOption.SO_REUSEADDR, true).childOption(ChannelOption.TCP_NODELAY, true);
    }
    b.childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            connections.add(ch);
            if (tls != null) {
              ch.pipeline().addLast(tls.newHandler(ch.alloc()), new ServerTlsGate(
                  () -> new ServerHttp2Handler(config, dispatcher),
                  callLog == null ? null : reason -> callLog.accept("TLS " + reason)));
            } else {
              ch.pipeline().addLast(new PrefaceGate(() -> new ServerHttp2Handler(config, dispatcher), config.handshakeTimeoutNanos()));
            }
          }
        });
    dev.flightwire.internal.util.ChannelTuning.applyChild(b);
    java.net.SocketAddress address;
    if (unix) {
      address = new io.netty.channel.unix.DomainSocketAddress(location.path());
    } else {
      String host = location.host();
      address = host == null || host.equals("0.0.0.0") || host.isEmpty()
          ? new InetSocketAddress(Math.max(location.port(), 0))
          : new InetSocketAddress(host, Math.max(location.port(), 0));
    }
    try {
      listener = b.bind(address).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw new IOException("cannot listen on " + location + ": " + e.getMessage(), e);
    }
    LOG.debug("listening on {} ({} transport{})", location(), Transports.name(),
        tls == null ? "" : ", TLS by " + TlsContexts.providerName());
    return this;
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
    java.util.List<byte[][]> pairs = new java.util.ArrayList<>();
    for (CertKeyPair p : tlsPairs) {
      pairs.add(new byte[][] {p.certChain(), p.privateKey()});
    }
    ClientAuth auth = clientCertificates == ClientCertificateMode.REQUIRED ? ClientAuth.REQUIRE
        : clientCertificates == ClientCertificateMode.OPTIONAL ? ClientAuth.OPTIONAL : ClientAuth.NONE;
    return new ServerTlsContexts(pairs, auth, clientRoots);
  }

  /**
   * The TLS engine this server uses ("BoringSSL (netty-tcnative)", or the JDK's with the reason),
   * or null when it does not serve TLS.
   */
  public String tlsProvider() {
    return location.isTls() ? TlsContexts.providerName() : null;
  }

  /** Calls in progress now: accepted and not yet ended. */
  public int activeCalls() {
    ServerDispatcher d = dispatcher;
    return d == null ? 0 : d.activeCalls();
  }

  /** The port the server listens on (useful when started with port 0); -1 on a Unix socket. */
  public int port() {
    return listener.localAddress() instanceof InetSocketAddress
        ? ((InetSocketAddress) listener.localAddress()).getPort() : -1;
  }

  /** The location clients use to reach this server. */
  public Location location() {
    if (location.isUnix()) {
      return location;
    }
    String host = location.host();
    if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
      host = "localhost";
    }
    return location.isTls() ? Location.forGrpcTls(host, port()) : Location.forGrpcTcp(host, port());
  }

  /** Blocks until the server has shut down. */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /** Blocks until the server has shut down or {@code timeout} passed; returns whether it has. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Starts (if needed) and serves until shut down. */
  public void serve() throws IOException, InterruptedException {
    if (listener == null) {
      start();
    }
    awaitTermination();
  }

  /**
   * Stops accepting, tells every client with GOAWAY, waits up to {@code grace} for calls in
   * progress, then cancels the rest and releases the network threads. Blocks until done.
   */
  public synchronized void shutdown(Duration grace) {
    // synchronized: a later or concurrent call returns once the first is done
    if (shutdown) {
      return;
    }
    shutdown = true;
    if (listener != null) {
      listener.close().syncUninterruptibly();
      long graceNanos = grace.toNanos();
      for (Channel c : connections) {
        c.eventLoop().execute(() -> {
          ServerHttp2Handler h = c.pipeline().get(ServerHttp2Handler.class);
          if (h != null) {
            h.startGracefulShutdown(graceNanos);
          } else {
            c.close(); // no HTTP/2 yet (preface or TLS handshake pending): no call to wait for
          }
        });
      }
      long deadline = System.nanoTime() + graceNanos + TimeUnit.SECONDS.toNanos(2);
      for (Channel c : connections) {
        c.closeFuture().awaitUninterruptibly(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
      for (Channel c : connections) {
        c.eventLoop().execute(() -> {
          ServerHttp2Handler h = c.pipeline().get(ServerHttp2Handler.class);
          if (h != null) {
            h.closeNow();
          } else {
            c.close();
          }
        });
      }
      for (Channel c : connections) {
        c.closeFuture().awaitUninterruptibly(5000);
      }
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
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
    terminated.countDown();
  }

  /** Shuts down with a grace period of 5 seconds. */
  @Override
  public void close() {
    shutdown(Duration.ofSeconds(5));
  }

  /** Builder of {@link FlightServer}. */
  public static final class Builder {
    private final BufferAllocator allocator;
    private final Location location;
    private final FlightServerBase service;
    private java.util.concurrent.Executor executor;
    private int maxThreads = 512;
    private int maxInboundMessageSize = Integer.MAX_VALUE - 64;
    private ServerAuthHandler authHandler;
    private dev.flightwire.auth.CallHeaderAuthenticator headerAuthenticator;
    private Consumer<String> callLog;
    private int streamWindow;
    private int connectionWindow;
    private int maxFrameSize;
    private long outboundBufferBytes;
    private final java.util.List<CertKeyPair> tlsPairs = new java.util.ArrayList<>();
    private ClientCertificateMode clientCertificates = ClientCertificateMode.NONE;
    private IpcCompression writeCompression = IpcCompression.NONE;
    private int maxOutboundMessageSize;
    private long maxConcurrentCalls = -1;
    private long handshakeTimeoutNanos = -1;
    private long maxConnectionIdleNanos = -1;
    private byte[] clientRoots;
    private final java.util.Map<String, dev.flightwire.middleware.ServerMiddlewareFactory<?>> middleware =
        new java.util.LinkedHashMap<>();

    private Builder(BufferAllocator allocator, Location location, FlightServerBase service) {
      this.allocator = Objects.requireNonNull(allocator, "allocator");
      this.location = Objects.requireNonNull(location, "location");
      this.service = Objects.requireNonNull(service, "service");
    }

    /** Runs service methods on {@code executor} (not shut down by the server). */
    public Builder executor(java.util.concurrent.Executor executor) {
      this.executor = executor;
      return this;
    }

    /** Size of the default executor: calls beyond it get RESOURCE_EXHAUSTED. Default 512. */
    public Builder maxThreads(int threads) {
      this.maxThreads = threads;
      return this;
    }

    /** Largest request message accepted, in bytes; larger ones fail with RESOURCE_EXHAUSTED. */
    public Builder maxInboundMessageSize(int bytes) {
      this.maxInboundMessageSize = bytes;
      return this;
    }

    /**
     * Requires the handshake convention: Handshake runs the handler, every call is checked by its
     * {@code auth-token-bin}. Combined with {@link #headerAuthenticator}, clients may use either
     * convention.
     */
    public Builder authHandler(ServerAuthHandler handler) {
      this.authHandler = handler;
      return this;
    }

    /**
     * HTTP/2 receive windows: how many bytes a client may send on one call (the read-ahead of an
     * upload) and on the whole connection before the server consumes them. Defaults 8 MiB and
     * 64 MiB (BENCHMARKS.md).
     */
    public Builder receiveWindows(int streamWindow, int connectionWindow) {
      this.streamWindow = streamWindow;
      this.connectionWindow = connectionWindow;
      return this;
    }

    /** MAX_FRAME_SIZE advertised to clients; default 256 KiB. */
    public Builder maxFrameSize(int bytes) {
      this.maxFrameSize = bytes;
      return this;
    }

    /**
     * Bytes one call may have written but not yet handed to the socket before its writer blocks
     * (the per-call bound on buffered outgoing data); default 16 MiB.
     */
    public Builder outboundBufferBytes(long bytes) {
      this.outboundBufferBytes = bytes;
      return this;
    }

    /**
     * Requires the header convention: every call, Handshake included, is authenticated from its
     * request headers (for Basic/Bearer use {@link dev.flightwire.auth.BasicBearerAuthenticator}).
     * Combined with {@link #authHandler}, calls carrying a handshake token ({@code auth-token-bin})
     * and Handshake calls without an {@code authorization} header go to the handshake handler;
     * all others to this authenticator.
     */
    public Builder headerAuthenticator(dev.flightwire.auth.CallHeaderAuthenticator authenticator) {
      this.headerAuthenticator = authenticator;
      return this;
    }

    /** Receives one line per completed call (method, peer, status, duration). */
    public Builder callLog(Consumer<String> log) {
      this.callLog = log;
      return this;
    }

    /**
     * Serves TLS (the location must be {@code grpc+tls://}) with these certificates. With more than
     * one, each client gets the one whose names match the host it asked for (SNI); the first
     * answers everything else.
     */
    public Builder useTls(CertKeyPair... pairs) {
      tlsPairs.clear();
      tlsPairs.addAll(java.util.Arrays.asList(pairs));
      return this;
    }

    /**
     * Asks TLS clients for certificates (mTLS), verified against {@code rootCertificatesPem}. The
     * verified certificate's subject (RFC 2253, e.g. {@code CN=alice}) becomes the call's peer
     * identity when no authentication handler decides it.
     */
    public Builder verifyClients(ClientCertificateMode mode, byte[] rootCertificatesPem) {
      this.clientCertificates = Objects.requireNonNull(mode, "mode");
      this.clientRoots = rootCertificatesPem == null ? null : rootCertificatesPem.clone();
      if (mode != ClientCertificateMode.NONE && clientRoots == null) {
        throw new IllegalArgumentException("verifying client certificates needs root certificates");
      }
      return this;
    }

    /**
     * Adds server middleware under {@code key}: started for every call, in the order added, and
     * found by handlers with {@link ServerCallContext#middleware(String)}.
     */
    public Builder middleware(String key, dev.flightwire.middleware.ServerMiddlewareFactory<?> factory) {
      if (middleware.putIfAbsent(Objects.requireNonNull(key, "key"), Objects.requireNonNull(factory, "factory"))
          != null) {
        throw new IllegalArgumentException("middleware key '" + key + "' is already used");
      }
      return this;
    }

    /**
     * Sends record batches whose message would exceed {@code bytes} as several smaller batches
     * (row slices sharing the batch's buffers: no copy but the offsets). Set 4 MiB for clients
     * that keep gRPC's default receive limit (grpc-go, Rust tonic, grpc-js). Default 0: never.
     */
    public Builder maxOutboundMessageSize(int bytes) {
      this.maxOutboundMessageSize = bytes;
      return this;
    }

    /**
     * Calls one connection may have open at once, advertised as SETTINGS_MAX_CONCURRENT_STREAMS
     * and enforced (more are refused with REFUSED_STREAM, which clients retry). Default 1000.
     */
    public Builder maxConcurrentCallsPerConnection(int calls) {
      if (calls < 1) {
        throw new IllegalArgumentException("maxConcurrentCallsPerConnection must be at least 1");
      }
      this.maxConcurrentCalls = calls;
      return this;
    }

    /** Connections that have not completed the HTTP/2 preface by then are closed. Default 20 s. */
    public Builder handshakeTimeout(Duration timeout) {
      this.handshakeTimeoutNanos = timeout.toNanos();
      return this;
    }

    /**
     * Connections without calls for this long get a graceful GOAWAY (clients reconnect when they
     * next call). Default: never, as in gRPC.
     */
    public Builder maxConnectionIdle(Duration idle) {
      this.maxConnectionIdleNanos = idle.toNanos();
      return this;
    }

    /** Compresses the record-batch bodies this server sends (default NONE: zero-copy). */
    public Builder writeCompression(IpcCompression compression) {
      this.writeCompression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    public FlightServer build() {
      return new FlightServer(this);
    }
  }
}
